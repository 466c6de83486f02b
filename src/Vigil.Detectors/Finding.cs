using Vigil.Core.Queries;

namespace Vigil.Detectors;

/// <summary>What a detector concluded about one subject in one evaluation.</summary>
public enum FindingState
{
    /// <summary>Compared, and within bounds.</summary>
    Ok,

    /// <summary>Compared, and out of bounds: the detector's alert condition holds.</summary>
    Alert,

    /// <summary>Too little history or traffic to compare; the explanation says what is missing. Never an alert.</summary>
    InsufficientData,
}

/// <summary>
/// One detector's verdict on one subject (a feature, a team, a provider and model, a segment, an index):
/// the statistic, its value and threshold, the reference and current windows compared, one sentence a
/// person can act on, and example traces. Every detector (cost, vendor, memory, compliance, audit, drift)
/// answers in this shape; the server turns findings in <see cref="FindingState.Alert"/> into alerts.
/// </summary>
public sealed record Finding
{
    /// <summary>The detector: <c>cost_anomaly</c>, <c>agent_loop</c>, <c>vendor_price</c>, <c>vendor_degradation</c>, <c>vendor_status</c>, <c>memory_bloat</c>, <c>compliance_drift</c>, <c>audit_gap</c>, <c>drift</c>.</summary>
    public required string Detector { get; init; }

    /// <summary>What the finding is about, as labels: <c>feature</c>, <c>team</c>, <c>provider</c>, <c>model</c>, <c>segment</c>, <c>index</c>, <c>attribute</c>, …</summary>
    public required IReadOnlyDictionary<string, string> Subject { get; init; }

    public required FindingState State { get; init; }

    /// <summary>The statistic compared, e.g. <c>robust_z</c>, <c>missing_share</c>, <c>p99_ratio</c>.</summary>
    public required string Statistic { get; init; }

    public double? Value { get; init; }

    public double? Threshold { get; init; }

    /// <summary>The baseline window; null when the detector compares with a fixed bound.</summary>
    public TimeRange? Reference { get; init; }

    public required TimeRange Current { get; init; }

    /// <summary>One sentence with the numbers, naming what moved and what carries it.</summary>
    public required string Explanation { get; init; }

    /// <summary>Suggested incident class: <c>cost_spike</c>, <c>vendor_degradation</c>, <c>vendor_outage</c>, <c>memory_bloat</c>, <c>compliance_drift</c>, <c>audit_gap</c>, <c>quality_regression</c>, ….</summary>
    public required string IncidentClass { get; init; }

    public IReadOnlyList<string> ExampleTraceIds { get; init; } = [];

    public static IReadOnlyDictionary<string, string> Labels(params (string Key, string? Value)[] labels) =>
        labels.Where(l => l.Value is not null).ToDictionary(l => l.Key, l => l.Value!, StringComparer.Ordinal);
}
