using System.Globalization;

namespace Vigil.Evals.Runs;

/// <summary>Text for reasons and explanations: one line, numbers with the invariant culture and a true minus sign.</summary>
internal static class RunText
{
    /// <summary>The message on one line, at most 300 characters.</summary>
    public static string OneLine(string message)
    {
        var flat = string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 300 ? flat : flat[..299] + "…";
    }

    /// <summary>0.812, −0.023 (U+2212, as in the explanations people read).</summary>
    public static string Number(double value, string format = "0.000")
    {
        var text = value.ToString(format, CultureInfo.InvariantCulture);
        return text.StartsWith('-') ? "\u2212" + text[1..] : text;
    }

    /// <summary>95 for 0.95, 99.5 for 0.995.</summary>
    public static string Percent(double confidence) => (confidence * 100).ToString("0.##", CultureInfo.InvariantCulture);
}
