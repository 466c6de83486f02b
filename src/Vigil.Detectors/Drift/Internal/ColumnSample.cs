using System.Globalization;
using Vigil.Detectors.Tables;

namespace Vigil.Detectors.Drift.Internal;

/// <summary>One side of a column: its non-missing values and the lines they came from.</summary>
internal sealed class ColumnSample
{
    private ColumnSample(string source, string column, List<string> values, List<int> lines)
    {
        Source = source;
        Column = column;
        Values = values;
        Lines = lines;
    }

    public string Source { get; }

    public string Column { get; }

    public IReadOnlyList<string> Values { get; }

    public IReadOnlyList<int> Lines { get; }

    public int Count => Values.Count;

    public static ColumnSample Of(ColumnTable table, TableColumn column)
    {
        var values = new List<string>(column.Values.Count);
        var lines = new List<int>(column.Values.Count);
        for (var i = 0; i < column.Values.Count; i++)
        {
            if (column.Values[i] is { } value)
            {
                values.Add(value);
                lines.Add(column.Lines[i]);
            }
        }

        return new ColumnSample(table.Source, column.Name, values, lines);
    }

    /// <summary>Every value as a number; the first one that is not names its file, line and column.</summary>
    public double[] Numbers(string test)
    {
        var numbers = new double[Values.Count];
        for (var i = 0; i < Values.Count; i++)
        {
            if (!ColumnKinds.TryNumber(Values[i], out numbers[i]))
            {
                throw new DriftConfigurationException(
                    $"{Source}, line {Lines[i]}, column '{Column}': '{Shorten(Values[i])}' is not a number, and {test} compares numbers");
            }
        }

        return numbers;
    }

    /// <summary>Counts per category; numbers are keyed by their value, so 1 and 1.0 are one category.</summary>
    public Dictionary<string, int> Counts(bool numeric)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in Values)
        {
            var key = numeric && ColumnKinds.TryNumber(value, out var x) ? x.ToString("R", CultureInfo.InvariantCulture) : value;
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
