namespace Vigil.Core.Evals;

/// <summary>
/// One offline evaluation run: a dataset version × a target (a feature's release, called through an
/// OpenAI-compatible endpoint) × scorers, with its summary and, when a gate was asked for, the gate's
/// verdict. Immutable once stored; its per-item detail is a list of <see cref="EvalItemResult"/>.
/// </summary>
public sealed record EvalRun
{
    public required string Id { get; init; }
    public required string Project { get; init; }
    public required string Feature { get; init; }

    /// <summary>The release evaluated (<c>r3</c>), or null when the run called a bare model.</summary>
    public string? ReleaseId { get; init; }

    /// <summary>What was called, for people: "gpt-4o-mini at http://localhost:8080/v1".</summary>
    public required string Target { get; init; }

    public required string Dataset { get; init; }
    public required int DatasetVersion { get; init; }
    public required IReadOnlyList<string> Scorers { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required int ItemCount { get; init; }

    /// <summary>Items whose target call failed (they score 0 on every scorer and are counted as failures).</summary>
    public required int ErrorCount { get; init; }

    public required IReadOnlyList<ScorerSummary> Summary { get; init; }

    /// <summary>The gate's verdict, or null when the run was asked for none.</summary>
    public GateVerdict? Gate { get; init; }

    /// <summary>Who started it (the API key's name, or the CLI user).</summary>
    public required string CreatedBy { get; init; }

    public string DatasetRef => Evals.DatasetRef.Format(Dataset, DatasetVersion);
}

/// <summary>One scorer over a run: mean score and pass rate, each with a 95 % confidence interval.</summary>
/// <param name="MeanLow">Lower end of the 95 % Student-t interval of the mean (equal to the mean when n = 1).</param>
/// <param name="PassRateLow">Lower end of the 95 % Wilson interval of the pass rate.</param>
public sealed record ScorerSummary(
    string Scorer, int Count, double Mean, double MeanLow, double MeanHigh, double PassRate, double PassRateLow, double PassRateHigh);

/// <summary>One item of a run: what the target answered (or why it failed), and every scorer's verdict.</summary>
public sealed record EvalItemResult
{
    public required string ItemId { get; init; }
    public required string Input { get; init; }
    public string? Output { get; init; }

    /// <summary>Why the target call failed, or null when it answered.</summary>
    public string? Error { get; init; }

    public double? LatencyMs { get; init; }
    public int? InputTokens { get; init; }
    public int? OutputTokens { get; init; }
    public required IReadOnlyList<ItemScore> Scores { get; init; }
}

/// <summary>One scorer's verdict on one item.</summary>
public sealed record ItemScore(string Scorer, double Value, bool Passed, string Explanation);

/// <summary>A gate's verdict: passed only when every check passed.</summary>
public sealed record GateVerdict(bool Passed, IReadOnlyList<GateCheck> Checks);

/// <summary>
/// One check of a gate. <see cref="GateCheckKind.Threshold"/>: the scorer's mean (or pass rate) must reach
/// <see cref="Limit"/>. <see cref="GateCheckKind.Regression"/>: against run <see cref="BaselineRunId"/>,
/// the lower 95 % confidence bound of the (paired, when the items match) difference of means must stay
/// above −<see cref="Limit"/>.
/// </summary>
/// <param name="Observed">The mean (threshold) or the difference of means, candidate − baseline (regression).</param>
/// <param name="Bound">Regression: the lower confidence bound of the difference; threshold: null.</param>
public sealed record GateCheck(
    GateCheckKind Kind, string Scorer, GateMetric Metric, double Limit, double Observed, double? Bound, string? BaselineRunId, bool Passed, string Explanation);

public enum GateCheckKind
{
    Threshold,
    Regression,
}

/// <summary>What a check compares: the mean score or the pass rate.</summary>
public enum GateMetric
{
    Mean,
    PassRate,
}
