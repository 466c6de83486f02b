using Vigil.Evals.Internal;

namespace Vigil.Evals.Scorers;

/// <summary><c>contains</c>: the output contains the option <c>value</c> (ordinal; <c>ignoreCase</c> optional). Score 1 or 0.</summary>
internal sealed class ContainsScorer(string value, bool ignoreCase) : IScorer
{
    public const string ScorerName = "contains";

    public string Name => ScorerName;

    public static ContainsScorer Create(OptionReader options) =>
        new(options.RequiredString("value", "the text the output must contain"), options.Bool("ignoreCase", false));

    public ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var found = input.Output.Contains(value, comparison);
        var casing = ignoreCase ? " (ignoring case)" : "";
        return ValueTask.FromResult(found
            ? Score.Pass(1, $"output contains {TextNormalizer.Quote(value)}{casing}")
            : Score.Fail(0, $"output does not contain {TextNormalizer.Quote(value)}{casing}"));
    }
}
