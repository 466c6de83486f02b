using Vigil.Core.Spans;

namespace Vigil.Ingest.Otlp;

/// <summary>What one metrics export request mapped to: the points to store, and the rejected ones counted with up to ten messages.</summary>
public sealed record MappedMetrics(IReadOnlyList<MetricPoint> Points, int RejectedDataPoints, IReadOnlyList<string> Errors);
