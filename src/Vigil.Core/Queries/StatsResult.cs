namespace Vigil.Core.Queries;

/// <summary>The answer to a <see cref="StatsQuery"/>.</summary>
public sealed record StatsResult(TimeRange Range, TimeSpan Step, GroupBy GroupBy, IReadOnlyList<StatsSeries> Series);

/// <summary>One series: the group's value (null when ungrouped or when the dimension was absent) and its points.</summary>
public sealed record StatsSeries(string? Group, IReadOnlyList<StatsPoint> Points);

/// <summary>
/// One bucket. Quantiles come from a log-bucketed sketch with a relative error of at most
/// <see cref="Statistics.QuantileSketch.RelativeAccuracy"/>; they are null when the bucket has no values.
/// </summary>
public sealed record StatsPoint
{
    public required DateTimeOffset Time { get; init; }
    public required long Count { get; init; }
    public required long Errors { get; init; }
    public double ErrorRatio => Count == 0 ? 0 : (double)Errors / Count;
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long CacheReadTokens { get; init; }
    public decimal CostSum { get; init; }
    public long PricedCalls { get; init; }
    public long UnpricedCalls { get; init; }
    public double? CostP50 { get; init; }
    public double? CostP95 { get; init; }
    public double? CostP99 { get; init; }
    public double? LatencyP50Ms { get; init; }
    public double? LatencyP95Ms { get; init; }
    public double? LatencyP99Ms { get; init; }
}
