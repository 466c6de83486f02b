using Vigil.Core.Spans;

namespace Vigil.Core.Queries;

/// <summary>A whole trace: its spans as a tree, and the time spent per stage.</summary>
public sealed record TraceDetail
{
    public required string TraceId { get; init; }
    public required IReadOnlyList<SpanNode> Roots { get; init; }
    public required int SpanCount { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required double DurationMs { get; init; }
    public decimal Cost { get; init; }

    /// <summary>Summed span durations per stage, in milliseconds.</summary>
    public required IReadOnlyDictionary<string, double> StageDurationsMs { get; init; }

    public IReadOnlyList<EvaluationResult> Evaluations { get; init; } = [];

    /// <summary>Builds the tree from a flat list; spans whose parent is missing become roots.</summary>
    public static TraceDetail FromSpans(string traceId, IReadOnlyList<Span> spans, IReadOnlyList<EvaluationResult> evaluations)
    {
        ArgumentOutOfRangeException.ThrowIfZero(spans.Count);
        var ordered = spans.OrderBy(s => s.StartUnixNano).ThenBy(s => s.SpanId, StringComparer.Ordinal).ToList();
        var ids = ordered.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = ordered
            .Where(s => s.ParentSpanId is not null && ids.Contains(s.ParentSpanId))
            .ToLookup(s => s.ParentSpanId!, StringComparer.Ordinal);

        SpanNode Build(Span span, int depth) =>
            new(span, depth > 256 ? [] : children[span.SpanId].Select(c => Build(c, depth + 1)).ToList());

        var roots = ordered
            .Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId))
            .Select(s => Build(s, 0))
            .ToList();

        var start = ordered.Min(s => s.StartUnixNano);
        var end = ordered.Max(s => s.StartUnixNano + s.DurationNano);
        return new TraceDetail
        {
            TraceId = traceId,
            Roots = roots,
            SpanCount = ordered.Count,
            Start = DateTimeOffset.UnixEpoch.AddTicks(start / 100),
            DurationMs = (end - start) / 1_000_000.0,
            Cost = ordered.Sum(s => s.Cost ?? 0m),
            StageDurationsMs = ordered
                .Where(s => s.Stage is not null)
                .GroupBy(s => s.Stage!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(s => s.DurationMs), StringComparer.Ordinal),
            Evaluations = evaluations,
        };
    }
}

/// <summary>A span and its children, ordered by start time.</summary>
public sealed record SpanNode(Span Span, IReadOnlyList<SpanNode> Children);
