namespace Vigil.Detectors.Tables.Internal;

/// <summary>The texts that mean "no value": empty (or blank), and the spellings pandas reads as NaN by default that tools commonly write.</summary>
internal static class Missing
{
    private static readonly HashSet<string> Spellings = new(StringComparer.Ordinal) { "NA", "N/A", "NaN", "nan", "null", "NULL" };

    public static bool Is(string? text) => string.IsNullOrWhiteSpace(text) || Spellings.Contains(text.Trim());
}
