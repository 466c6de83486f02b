using System.Text.RegularExpressions;

namespace Vigil.Evals.Internal;

/// <summary>Regular expressions from options: culture-invariant, with a match time-out, a bad pattern reported against its option.</summary>
internal static class Patterns
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public static Regex? Compile(OptionReader options, string option, string pattern, RegexOptions flags = RegexOptions.None)
    {
        if (pattern.Length == 0)
        {
            return null;
        }

        try
        {
            return new Regex(pattern, flags | RegexOptions.CultureInvariant, Timeout);
        }
        catch (ArgumentException e)
        {
            options.Problem(option, $"not a valid regular expression: {e.Message}");
            return null;
        }
    }
}
