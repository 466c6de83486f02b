using Vigil.Core.Queries;

namespace Vigil.Detectors.Compliance;

/// <summary>The metric compared between a segment and the whole.</summary>
public enum DisparityMetric
{
    /// <summary>Mean quality score; worse is lower; compared by difference (whole − segment).</summary>
    MeanQuality,

    /// <summary>Share of answers that refuse; worse is higher; compared by ratio (segment / whole).</summary>
    RefusalShare,

    /// <summary>p95 latency; worse is higher; compared by ratio (segment / whole).</summary>
    LatencyP95,
}

/// <summary>One segment (a locale, a country, a plan) in one period: how many calls and the metric's value over them.</summary>
public sealed record SegmentValue(string Segment, long Count, double Value);

/// <summary>One period: the whole (all segments together, computed by the caller over all calls) and each segment.</summary>
public sealed record DisparityPeriod(TimeRange Period, long Count, double Whole, IReadOnlyList<SegmentValue> Segments);

/// <summary>Thresholds of <see cref="SegmentDisparityDetector"/>.</summary>
public sealed record SegmentDisparityOptions
{
    /// <summary>Mean quality alerts when the segment is this far below the whole (absolute).</summary>
    public double QualityGap { get; init; } = 0.1;

    /// <summary>Refusal share alerts at segment / whole ≥ this …</summary>
    public double RefusalRatio { get; init; } = 1.5;

    /// <summary>… and segment − whole ≥ this (absolute), so that 0.2 % against 0.1 % is no alert.</summary>
    public double RefusalMinimumDifference { get; init; } = 0.01;

    /// <summary>p95 latency alerts at segment / whole ≥ this.</summary>
    public double LatencyRatio { get; init; } = 1.5;

    /// <summary>Calls a segment needs in a period to be compared (and for the period to count in its trend).</summary>
    public int MinimumSegmentCount { get; init; } = 50;

    /// <summary>The trend looks at the last this many periods …</summary>
    public int TrendPeriods { get; init; } = 8;

    /// <summary>… of which at least this many must have enough calls (with 4 or fewer Mann–Kendall cannot reach p &lt; 0.05).</summary>
    public int MinimumTrendPeriods { get; init; } = 5;

    /// <summary>The trend alerts when the Mann–Kendall p-value is below this, the Theil–Sen slope worsens and the segment is worse than the whole now.</summary>
    public double TrendSignificance { get; init; } = 0.05;
}
