using System.Text.RegularExpressions;
using Vigil.Evals.Internal;

namespace Vigil.Evals.Scorers;

/// <summary>
/// <c>regex</c>: the output matches the option <c>pattern</c> (.NET syntax, anywhere in the output unless
/// anchored; <c>ignoreCase</c> optional). A match that runs past one second fails the case. Score 1 or 0.
/// </summary>
internal sealed class RegexScorer(Regex regex) : IScorer
{
    public const string ScorerName = "regex";

    public string Name => ScorerName;

    public static RegexScorer? Create(OptionReader options)
    {
        var pattern = options.RequiredString("pattern", "a .NET regular expression the output must match");
        var ignoreCase = options.Bool("ignoreCase", false);
        var regex = Patterns.Compile(options, "pattern", pattern, ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return regex is null ? null : new RegexScorer(regex);
    }

    public ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken)
    {
        try
        {
            var match = regex.Match(input.Output);
            return ValueTask.FromResult(match.Success
                ? Score.Pass(1, $"output matches /{regex}/ at {TextNormalizer.Quote(match.Value)}")
                : Score.Fail(0, $"output does not match /{regex}/"));
        }
        catch (RegexMatchTimeoutException)
        {
            return ValueTask.FromResult(Score.Fail(0, $"matching /{regex}/ took longer than {Patterns.Timeout.TotalSeconds:0} s; simplify the pattern"));
        }
    }
}
