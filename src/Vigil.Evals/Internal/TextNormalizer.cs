using System.Globalization;
using System.Text;

namespace Vigil.Evals.Internal;

/// <summary>Case- and whitespace-insensitive comparison of text, and short quotes of it for explanations.</summary>
internal static class TextNormalizer
{
    /// <summary>
    /// Lower-case (invariant), typographic quotes and dashes folded to ASCII, every run of white space
    /// collapsed to one space, trimmed.
    /// </summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(Fold(char.ToLowerInvariant(c)));
        }

        return builder.ToString();
    }

    /// <summary>The text in double quotes for an explanation, shortened to <paramref name="max"/> characters.</summary>
    public static string Quote(string text, int max = 60)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return "\"" + (flat.Length <= max ? flat : flat[..(max - 1)] + "…") + "\"";
    }

    /// <summary>A list for an explanation: the first <paramref name="max"/> items, then "+N more".</summary>
    public static string List(IEnumerable<string> items, int max = 8)
    {
        var all = items.ToList();
        if (all.Count == 0)
        {
            return "none";
        }

        var shown = string.Join(", ", all.Take(max));
        return all.Count > max ? $"{shown}, +{all.Count - max} more" : shown;
    }

    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    private static char Fold(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u2032' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u2033' or '\u00AB' or '\u00BB' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' => '-',
        _ => c,
    };
}
