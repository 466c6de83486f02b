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

    /// <summary>
    /// One batch holding everything of <paramref name="batches"/>, in order, carrying
    /// <paramref name="journalSequence"/> (a single batch is only re-stamped, not copied).
    /// </summary>
    public static TelemetryBatch Concat(IReadOnlyList<TelemetryBatch> batches, long journalSequence)
    {
        if (batches.Count == 1)
        {
            return batches[0] with { JournalSequence = journalSequence };
        }

        var spans = new List<Span>(batches.Sum(b => b.Spans.Count));
        var evaluations = new List<EvaluationResult>();
        var metrics = new List<MetricPoint>();
        foreach (var batch in batches)
        {
            spans.AddRange(batch.Spans);
            evaluations.AddRange(batch.Evaluations);
            metrics.AddRange(batch.Metrics);
        }

        return new TelemetryBatch { Spans = spans, Evaluations = evaluations, Metrics = metrics, JournalSequence = journalSequence };
    }
}
