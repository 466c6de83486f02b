using Vigil.Core.Spans;

namespace Vigil.Core.Slos;

/// <summary>The part of a stored span that SLIs read.</summary>
public sealed record SliSpan
{
    public required string ProjectId { get; init; }
    public required string TraceId { get; init; }
    public string? ParentSpanId { get; init; }
    public required long StartUnixNano { get; init; }
    public long DurationNano { get; init; }
    public SpanStatus Status { get; init; }
    public required string Feature { get; init; }
    public string? Team { get; init; }
    public string? Segment { get; init; }
    public string? Stage { get; init; }
    public string? Provider { get; init; }
    public string? Model { get; init; }
    public string? Operation { get; init; }
    public decimal? Cost { get; init; }
    public bool? CacheHit { get; init; }

    public bool IsRoot => ParentSpanId is null;

    public static SliSpan From(Span span) => new()
    {
        ProjectId = span.ProjectId,
        TraceId = span.TraceId,
        ParentSpanId = span.ParentSpanId,
        StartUnixNano = span.StartUnixNano,
        DurationNano = span.DurationNano,
        Status = span.Status,
        Feature = span.Feature,
        Team = span.Team,
        Segment = span.Segment,
        Stage = span.Stage,
        Provider = span.Provider,
        Model = span.Model,
        Operation = span.Operation,
        Cost = span.Cost,
        CacheHit = span.CacheHit,
    };
}
