using System.Globalization;

namespace Vigil.Detectors.Drift;

/// <summary>
/// Infers a column's kind from its non-missing values in both samples: at most 2 distinct values → binary; all
/// numbers (invariant culture, finite) → numeric; otherwise text when there are more than
/// <see cref="MaxCategories"/> distinct values, either more than half of the values are distinct or they average
/// <see cref="TextLength"/> characters or more, and at least half of them contain a space (words, not identifiers);
/// categorical otherwise.
/// </summary>
public static class ColumnKinds
{
    /// <summary>More distinct values than this may make a column text.</summary>
    public const int MaxCategories = 20;

    /// <summary>An average length at which many distinct values read as text rather than as labels.</summary>
    public const int TextLength = 40;

    public static ColumnKind Infer(IReadOnlyList<string?> reference, IReadOnlyList<string?> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var values = reference.Concat(current).OfType<string>().ToList();
        if (values.Count > 0 && values.All(v => TryNumber(v, out _)))
        {
            var numbers = values.Select(v => { TryNumber(v, out var x); return x; }).Distinct().Take(3).Count();
            return numbers <= 2 ? ColumnKind.Binary : ColumnKind.Numeric;
        }

        var distinct = values.Distinct(StringComparer.Ordinal).Count();
        if (distinct <= 2)
        {
            return ColumnKind.Binary;
        }

        // Free text has words: identifiers and names without spaces (trace ids, user names) stay categorical.
        var text = distinct > MaxCategories
            && (distinct * 2 > values.Count || values.Average(v => v.Length) >= TextLength)
            && values.Count(v => v.Trim().Contains(' ', StringComparison.Ordinal)) * 2 >= values.Count;
        return text ? ColumnKind.Text : ColumnKind.Categorical;
    }

    /// <summary>A finite number in the invariant culture (e.g. 12, -3.5, 1e-3); thousands separators are not numbers.</summary>
    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
