namespace Vigil.Core.Spans;

/// <summary>What one write commits at once: spans, the evaluation results found on them, and metric points.</summary>
public sealed record TelemetryBatch
{
    public static readonly TelemetryBatch Empty = new();

    public IReadOnlyList<Span> Spans { get; init; } = [];
    public IReadOnlyList<EvaluationResult> Evaluations { get; init; } = [];
    public IReadOnlyList<MetricPoint> Metrics { get; init; } = [];

    public int Count => Spans.Count + Evaluations.Count + Metrics.Count;
}
