using Vigil.Evals.Internal;

namespace Vigil.Evals.Scorers;

/// <summary>
/// <c>exact</c>: the output equals the option <c>value</c>, or the case's expected output when no value
/// is configured. Leading and trailing white space is ignored unless <c>trim</c> is false; case counts
/// unless <c>ignoreCase</c>. Score 1 or 0.
/// </summary>
internal sealed class ExactScorer(string? value, bool ignoreCase, bool trim) : IScorer
{
    public const string ScorerName = "exact";

    public string Name => ScorerName;

    public static ExactScorer Create(OptionReader options) =>
        new(options.String("value"), options.Bool("ignoreCase", false), options.Bool("trim", true));

    public ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken)
    {
        var expected = value ?? input.Expected;
        if (expected is null)
        {
            return ValueTask.FromResult(Score.Unjudged("nothing to compare with: the case has no expected output and the scorer no 'value' option"));
        }

        var (actual, wanted) = trim ? (input.Output.Trim(), expected.Trim()) : (input.Output, expected);
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (string.Equals(actual, wanted, comparison))
        {
            return ValueTask.FromResult(Score.Pass(1, "output equals the expected text"));
        }

        var at = FirstDifference(actual, wanted, ignoreCase);
        return ValueTask.FromResult(Score.Fail(0,
            $"output differs from the expected text at character {at}: expected {TextNormalizer.Quote(Around(wanted, at), 40)}, got {TextNormalizer.Quote(Around(actual, at), 40)}"));
    }

    private static int FirstDifference(string a, string b, bool ignoreCase)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            var (x, y) = ignoreCase ? (char.ToLowerInvariant(a[i]), char.ToLowerInvariant(b[i])) : (a[i], b[i]);
            if (x != y)
            {
                return i;
            }
        }

        return length;
    }

    private static string Around(string text, int at)
    {
        var start = Math.Max(0, at - 10);
        var piece = text[start..Math.Min(text.Length, at + 20)];
        return (start > 0 ? "…" : "") + piece + (piece.Length == 0 ? "(end)" : "");
    }
}
