namespace Vigil.Core.Queries;

/// <summary>
/// Time series of counts, errors, tokens, cost and latency over a range, in buckets of
/// <see cref="Step"/>, one series per value of <see cref="GroupBy"/>. Steps are whole minutes
/// (the rollup resolution); buckets are aligned to the Unix epoch.
/// </summary>
public sealed record StatsQuery
{
    public required string ProjectId { get; init; }
    public required TimeRange Range { get; init; }
    public required TimeSpan Step { get; init; }
    public GroupBy GroupBy { get; init; }
    public SpanFilter Filter { get; init; } = SpanFilter.Any;
}
