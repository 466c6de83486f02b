namespace Vigil.Core.Spans;

/// <summary>What one write commits at once: spans, the evaluation results found on them, and metric points.</summary>
public sealed record TelemetryBatch
{
    public static readonly TelemetryBatch Empty = new();

    public IReadOnlyList<Span> Spans { get; init; } = [];
    public IReadOnlyList<EvaluationResult> Evaluations { get; init; } = [];
    public IReadOnlyList<MetricPoint> Metrics { get; init; } = [];

    /// <summary>
    /// The sequence number of the last ingest-journal record this batch carries, or 0 when it came
    /// from no journal. A store records the highest one it committed in the same transaction, so that
    /// after a crash exactly the records above it are replayed.
    /// </summary>
    public long JournalSequence { get; init; }

    public int Count => Spans.Count + Evaluations.Count + Metrics.Count;
}
