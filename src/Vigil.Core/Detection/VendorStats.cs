using Vigil.Core.Queries;

namespace Vigil.Core.Detection;

/// <summary>Vendor statistics over one window; quality is the mean of the named evaluation scores on the calls' traces.</summary>
public sealed record VendorStatsQuery
{
    public required string ProjectId { get; init; }
    public required TimeRange Range { get; init; }

    /// <summary>Evaluation names whose scores (0–1, higher is better) count as quality; empty: no quality.</summary>
    public IReadOnlyList<string> QualityScores { get; init; } = [];

    /// <summary>How many of the slowest calls' trace ids to return.</summary>
    public int Examples { get; init; } = 5;
}

/// <summary>
/// One provider and model's LLM calls in a window: errors (status error), latency quantiles of the call spans (linear
/// interpolation), time to first token p95 (<c>gen_ai.response.time_to_first_chunk</c>, when reported), and the mean
/// of the quality scores on the calls' traces with how many there were. Examples are the slowest calls' traces.
/// </summary>
public sealed record VendorStats(
    string Provider, string Model, long Calls, long Errors,
    double? LatencyP50Ms, double? LatencyP95Ms, double? LatencyP99Ms, double? TtftP95Ms,
    double? MeanQuality, long QualityCount, IReadOnlyList<string> ExampleTraceIds);
