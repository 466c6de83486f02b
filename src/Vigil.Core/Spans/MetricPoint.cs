namespace Vigil.Core.Spans;

/// <summary>The OTLP metric types Vigil stores.</summary>
public enum MetricKind
{
    Gauge = 1,
    Sum = 2,
    Histogram = 3,
}

/// <summary>
/// One data point of an OTLP metric (RAG index size, vector count and the like). Histograms keep
/// count, sum, min and max; their buckets are kept as explicit bounds and counts.
/// </summary>
public sealed record MetricPoint
{
    public required string ProjectId { get; init; }
    public required string Name { get; init; }
    public string? Unit { get; init; }
    public required MetricKind Kind { get; init; }
    public required long TimeUnixNano { get; init; }
    public long StartUnixNano { get; init; }
    public required string Service { get; init; }
    public required string Feature { get; init; }

    /// <summary>The value of a gauge or sum; the sum of a histogram when it has one.</summary>
    public double? Value { get; init; }

    public bool IsMonotonic { get; init; }

    /// <summary>True for cumulative temporality, false for delta (sums and histograms).</summary>
    public bool IsCumulative { get; init; }

    public long? Count { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public IReadOnlyList<double> BucketBounds { get; init; } = [];
    public IReadOnlyList<long> BucketCounts { get; init; } = [];
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}
