using System.Globalization;
using Vigil.Evals.Internal;

namespace Vigil.Evals.Scorers;

/// <summary><c>cost</c>: the case cost at most the option <c>maxUsd</c>. Score 1 or 0; an unknown cost fails.</summary>
internal sealed class CostScorer(decimal maxUsd) : IScorer
{
    public const string ScorerName = "cost";

    public string Name => ScorerName;

    public static CostScorer Create(OptionReader options) =>
        new((decimal)options.RequiredNumber("maxUsd", "the most a case may cost, in USD", 0, 1_000_000));

    public ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken)
    {
        var limit = Usd(maxUsd);
        var score = input.CostUsd switch
        {
            null => Score.Unjudged("no cost recorded for this case, so it cannot be checked against maxUsd " + limit),
            var cost when cost <= maxUsd => Score.Pass(1, $"cost {Usd(cost.Value)} is within maxUsd {limit}"),
            var cost => Score.Fail(0, $"cost {Usd(cost.Value)} exceeds maxUsd {limit}"),
        };
        return ValueTask.FromResult(score);
    }

    private static string Usd(decimal amount) => "$" + amount.ToString("0.00####", CultureInfo.InvariantCulture);
}
