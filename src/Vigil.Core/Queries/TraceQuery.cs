using Vigil.Core.Spans;

namespace Vigil.Core.Queries;

/// <summary>
/// A search for traces. A trace matches when any of its spans matches the filters; results are
/// ordered newest first and paged with an opaque cursor.
/// </summary>
public sealed record TraceQuery
{
    public required string ProjectId { get; init; }
    public required TimeRange Range { get; init; }
    public SpanFilter Filter { get; init; } = SpanFilter.Any;

    /// <summary>Only traces with (Error) or without (Ok) a failed span.</summary>
    public SpanStatus? Status { get; init; }

    public decimal? MinCost { get; init; }
    public double? MinDurationMs { get; init; }
    public int Limit { get; init; } = 50;
    public string? Cursor { get; init; }
}
