namespace Vigil.Detectors.Memory;

/// <summary>
/// One observation of a RAG index at <see cref="Time"/>: its size and vector count (gauges from OTLP metrics), and the
/// documents added and ingestion embedding calls in the period since the previous sample (counters or span counts; query-time
/// embeddings do not belong here).
/// </summary>
public sealed record IndexSample(DateTimeOffset Time, long SizeBytes, long VectorCount, long DocumentsAdded, long EmbeddingCalls);

/// <summary>Thresholds of <see cref="MemoryBloatDetector"/>.</summary>
public sealed record MemoryBloatOptions
{
    /// <summary>The current window: the samples within this span of the last one (their periods); everything before is the baseline.</summary>
    public TimeSpan CurrentWindow { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Vectors added per document added alerts at current / baseline ≥ this.</summary>
    public double GrowthRatio { get; init; } = 1.5;

    /// <summary>Embedding calls per document added alerts at current / baseline ≥ this (re-embedding of unchanged documents).</summary>
    public double ReembedRatio { get; init; } = 2.0;

    /// <summary>Documents the baseline needs (and the current window, for a per-document rate) before rates are compared.</summary>
    public long MinimumDocuments { get; init; } = 100;

    /// <summary>With no document added now, this many new vectors (or embedding calls) alert on their own.</summary>
    public long MinimumUnexplained { get; init; } = 1000;

    /// <summary>Samples the size projection needs.</summary>
    public int MinimumSamples { get; init; } = 3;

    public int ProjectionDays { get; init; } = 30;

    /// <summary>Storage price in dollars per GB-month (GB = 10⁹ bytes, as cloud storage is billed); 0: no cost figure.</summary>
    public double DollarsPerGbMonth { get; init; }

    /// <summary>The projection alerts when its monthly storage cost reaches this; null: the projection is informational (Ok).</summary>
    public double? MonthlyCostBudget { get; init; }
}
