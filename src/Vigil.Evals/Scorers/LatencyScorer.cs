using Vigil.Evals.Internal;

namespace Vigil.Evals.Scorers;

/// <summary>
/// <c>latency</c>: the case's latency is at most <c>maxMs</c> and its time to first token at most
/// <c>maxTtftMs</c> (at least one is required; each accepts milliseconds or a duration such as <c>2s</c>).
/// Score = checks met / checks configured; passes only when all are met. A missing timing fails its check.
/// </summary>
internal sealed class LatencyScorer(double? maxMs, double? maxTtftMs) : IScorer
{
    public const string ScorerName = "latency";

    public string Name => ScorerName;

    public static LatencyScorer Create(OptionReader options)
    {
        var maxMs = options.Milliseconds("maxMs");
        var maxTtftMs = options.Milliseconds("maxTtftMs");
        if (maxMs is null && maxTtftMs is null && !options.Has("maxMs") && !options.Has("maxTtftMs"))
        {
            options.Problem("maxMs", "required: maxMs (latency) or maxTtftMs (time to first token), or both");
        }

        return new LatencyScorer(maxMs, maxTtftMs);
    }

    public ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var met = new List<string>();
        var checks = 0;
        Check(maxMs, input.LatencyMs, "latency", "maxMs", failures, met, ref checks);
        Check(maxTtftMs, input.TimeToFirstTokenMs, "time to first token", "maxTtftMs", failures, met, ref checks);
        var value = checks == 0 ? 0 : (double)(checks - failures.Count) / checks;
        return ValueTask.FromResult(failures.Count == 0
            ? Score.Pass(value, string.Join("; ", met))
            : Score.Fail(value, string.Join("; ", failures)));
    }

    private static void Check(double? limit, double? actual, string what, string option, List<string> failures, List<string> met, ref int checks)
    {
        if (limit is null)
        {
            return;
        }

        checks++;
        var bound = TextNormalizer.Number(limit.Value, "0.#") + " ms";
        if (actual is null)
        {
            failures.Add($"no {what} recorded for this case, so it cannot be checked against {option} {bound}");
        }
        else if (actual > limit)
        {
            failures.Add($"{what} {TextNormalizer.Number(actual.Value, "0.#")} ms exceeds {option} {bound}");
        }
        else
        {
            met.Add($"{what} {TextNormalizer.Number(actual.Value, "0.#")} ms is within {option} {bound}");
        }
    }
}
