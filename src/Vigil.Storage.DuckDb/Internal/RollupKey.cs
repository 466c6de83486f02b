using Vigil.Core.Spans;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// The key of a per-minute rollup row: project, minute and the six dimensions, '' for an absent
/// value (as in <see cref="RollupWriter.SpanDimensions"/>). Strings compare ordinally, as DuckDB
/// groups VARCHARs.
/// </summary>
internal readonly record struct RollupKey(
    string ProjectId, DateTime Minute, string Feature, string Team, string Model, string Provider, string Release, string Stage)
{
    public static RollupKey Of(Span span) => new(
        span.ProjectId,
        MinuteOf(span.StartUnixNano),
        span.Feature,
        span.Team ?? string.Empty,
        span.ResponseModel ?? span.RequestModel ?? string.Empty,
        span.Provider ?? string.Empty,
        span.Release ?? string.Empty,
        span.Stage ?? string.Empty);

    /// <summary>
    /// <c>date_trunc('minute', start_time)</c>: the start time as <see cref="BatchAppender"/> stores
    /// it (whole 100 ns ticks; the column keeps whole µs, floored), floored to the minute. Flooring the
    /// ticks gives the same minute as flooring their µs, and DateTime ticks are never negative.
    /// </summary>
    public static DateTime MinuteOf(long startUnixNano)
    {
        var ticks = DateTime.UnixEpoch.AddTicks(startUnixNano / 100).Ticks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
    }
}
