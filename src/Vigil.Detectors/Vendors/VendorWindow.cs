using MathNet.Numerics.Statistics;

namespace Vigil.Detectors.Vendors;

/// <summary>
/// One (provider, model) over one window: calls, errors, latency (quantiles, or a sample to take them from),
/// time to first token and the mean quality score. The caller aggregates spans; the detectors only compare.
/// </summary>
public sealed record VendorWindow
{
    public required string Provider { get; init; }

    public required string Model { get; init; }

    public required int Calls { get; init; }

    public required int Errors { get; init; }

    public double? LatencyP50Ms { get; init; }

    /// <summary>The p95 latency; when absent it is taken from <see cref="LatencySampleMs"/> (linear interpolation, NumPy's default).</summary>
    public double? LatencyP95Ms { get; init; }

    public double? LatencyP99Ms { get; init; }

    public IReadOnlyList<double>? LatencySampleMs { get; init; }

    public double? TtftP95Ms { get; init; }

    public double? MeanQuality { get; init; }

    /// <summary>How many calls were scored; <see cref="MeanQuality"/> is their mean.</summary>
    public int QualityCount { get; init; }

    public IReadOnlyList<string> ExampleTraceIds { get; init; } = [];

    public double ErrorRatio => Calls == 0 ? 0 : (double)Errors / Calls;

    /// <summary>The p95 latency given, or computed from the sample; null when neither is there.</summary>
    public double? P95Latency => LatencyP95Ms
        ?? (LatencySampleMs is { Count: > 0 } sample ? sample.QuantileCustom(0.95, QuantileDefinition.R7) : null);
}
