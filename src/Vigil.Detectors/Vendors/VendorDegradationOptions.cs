namespace Vigil.Detectors.Vendors;

/// <summary>Thresholds of <see cref="VendorDegradationDetector"/> and <see cref="CrossProviderComparison"/>; the defaults are documented in docs/detectors-vendor-compliance.md.</summary>
public sealed record VendorDegradationOptions
{
    /// <summary>Calls each window needs before anything is compared.</summary>
    public int MinimumCalls { get; init; } = 100;

    /// <summary>The error ratio alerts when the pooled two-proportion z-test gives p below this and the ratio rose …</summary>
    public double ErrorSignificance { get; init; } = 0.01;

    /// <summary>… by at least this much (absolute: 0.02 = two percentage points).</summary>
    public double MinimumErrorRise { get; init; } = 0.02;

    /// <summary>p95 latency alerts at current / baseline ≥ this.</summary>
    public double LatencyRatio { get; init; } = 1.5;

    /// <summary>p95 time to first token alerts at current / baseline ≥ this.</summary>
    public double TtftRatio { get; init; } = 1.5;

    /// <summary>The mean quality score alerts when it falls by at least this much (absolute, on the score's scale).</summary>
    public double QualityDrop { get; init; } = 0.1;

    /// <summary>Scored calls each window needs before the quality score is compared.</summary>
    public int MinimumQualityCount { get; init; } = 30;
}
