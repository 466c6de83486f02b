using Vigil.Core.Queries;
using Vigil.Core.Slos;

namespace Vigil.Core.Alerts;

/// <summary>What raised an alert.</summary>
public enum AlertSource
{
    /// <summary>An SLO's burn-rate pair or exhausted budget.</summary>
    Slo,

    /// <summary>A detector's finding (drift, cost, vendor, memory, compliance, audit).</summary>
    Detector,
}

/// <summary>
/// One alert, whatever raised it (ADR 0006): what every alert has — rule, feature, incident class, severity,
/// state with its timestamps, a one-line summary and example traces — and the evidence of its kind.
/// Incidents group alerts by (feature, class).
/// </summary>
public sealed record Alert
{
    /// <summary>Unique across restarts of the same clock: the rule, its subject and the instant it became active.</summary>
    public required string Id { get; init; }

    public required AlertSource Source { get; init; }

    /// <summary>The SLO's name, or the detector and statistic (<c>vendor_degradation/p95_latency_ratio</c>).</summary>
    public required string Rule { get; init; }

    public required string Project { get; init; }

    /// <summary>What the alert is about, as labels (<c>feature</c>, <c>provider</c>, <c>model</c>, <c>segment</c>, …).</summary>
    public required IReadOnlyDictionary<string, string> Subject { get; init; }

    /// <summary>The incident class: <c>quality_regression</c>, <c>cost_spike</c>, <c>vendor_degradation</c>, ….</summary>
    public required string Class { get; init; }

    /// <summary><c>page</c> or <c>ticket</c>.</summary>
    public required string Severity { get; init; }

    public required AlertState State { get; init; }
    public required DateTimeOffset ActiveAt { get; init; }
    public DateTimeOffset? FiringAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>One sentence with the numbers.</summary>
    public required string Summary { get; init; }

    public IReadOnlyList<string> ExampleTraceIds { get; init; } = [];

    /// <summary>The trace search behind the alert (API path with query), when there is one.</summary>
    public string? TracesLink { get; init; }

    public required AlertEvidence Evidence { get; init; }

    public string? Feature => Subject.GetValueOrDefault("feature");

    public string? Provider => Subject.GetValueOrDefault("provider");

    public bool IsActive => State != AlertState.Resolved;
}

/// <summary>The kind-specific part of an alert.</summary>
public abstract record AlertEvidence;

/// <summary>An SLO alert's burn-rate evidence, as the SLO engine computed it.</summary>
public sealed record SloEvidence(SloAlert Alert) : AlertEvidence;

/// <summary>A detector's evidence as of its latest finding on the subject.</summary>
public sealed record FindingEvidence(
    string Detector, string Statistic, double? Value, double? Threshold, TimeRange? Reference, TimeRange Current, string LatestState) : AlertEvidence;
