using Vigil.Core.Alerts;
using Vigil.Core.Queries;
using Vigil.Core.Slos;
using Vigil.Detectors;
using Vigil.Server.Detectors;
using Vigil.Server.Slos;

namespace Vigil.Server.Alerts;

public sealed record AlertEnvelopeListJson(IReadOnlyList<AlertEnvelopeJson> Alerts);

/// <summary>
/// One alert on the API. Common fields first; SLO alerts keep every field they had before detectors existed
/// (<c>slo</c>, <c>kind</c>, <c>tier</c>, windows, budget); detector alerts carry <c>evidence</c> instead.
/// </summary>
public sealed record AlertEnvelopeJson(
    string Id, AlertSource Source, string Rule, string Project, string? Feature, IReadOnlyDictionary<string, string> Subject,
    string Class, string Severity, AlertState State, DateTimeOffset ActiveAt, DateTimeOffset? FiringAt, DateTimeOffset? ResolvedAt,
    DateTimeOffset EvaluatedAt, string Summary, IReadOnlyList<string> ExampleTraces, string? Traces,
    string? Slo, AlertKind? Kind, string? Tier, string? SuppressedBy, double? Objective, double? BurnRateThreshold, double? ErrorRatioThreshold,
    WindowJson? LongWindow, WindowJson? ShortWindow, double? BudgetSpent, double? BudgetRemaining, FindingEvidenceJson? Evidence)
{
    public static AlertEnvelopeJson From(Alert a)
    {
        var slo = (a.Evidence as SloEvidence)?.Alert;
        var finding = a.Evidence as FindingEvidence;
        return new AlertEnvelopeJson(
            a.Id, a.Source, a.Rule, a.Project, a.Feature, a.Subject, a.Class, a.Severity, a.State, a.ActiveAt, a.FiringAt, a.ResolvedAt,
            a.EvaluatedAt, a.Summary, a.ExampleTraceIds, a.TracesLink,
            slo?.Slo, slo?.Kind, slo?.Tier, slo?.SuppressedBy, slo?.Objective, slo?.BurnRateThreshold, slo?.ErrorRatioThreshold,
            slo?.LongWindow is { } l ? WindowJson.From(l, slo.Objective) : null,
            slo?.ShortWindow is { } s ? WindowJson.From(s, slo.Objective) : null,
            slo?.BudgetSpent, slo?.BudgetRemaining,
            finding is null ? null : new FindingEvidenceJson(finding.Detector, finding.Statistic, Finite(finding.Value), Finite(finding.Threshold), finding.Reference, finding.Current, finding.LatestState));
    }

    /// <summary>JSON has no infinity: an unbounded value (a rate over nothing) is written as null with the summary saying why.</summary>
    internal static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}

public sealed record FindingEvidenceJson(string Detector, string Statistic, double? Value, double? Threshold, TimeRange? Reference, TimeRange Current, string LatestState);

public sealed record DetectorListJson(DateTimeOffset? LastEvaluatedAt, IReadOnlyList<string> Enabled, IReadOnlyList<DetectorRunJson> Runs);

/// <summary>A check's latest run: when, how long, its error, and its findings.</summary>
public sealed record DetectorRunJson(string Check, DateTimeOffset LastRunAt, double DurationMs, string? Error, IReadOnlyList<FindingJson> Findings)
{
    public static DetectorRunJson From(CheckStatus s) =>
        new(s.Check, s.LastRunAt, Math.Round(s.LastDuration.TotalMilliseconds, 1), s.Error, [.. s.Findings.Select(FindingJson.From)]);
}

public sealed record FindingJson(
    string Detector, IReadOnlyDictionary<string, string> Subject, FindingState State, string Statistic, double? Value, double? Threshold,
    TimeRange? Reference, TimeRange Current, string Explanation, string IncidentClass, IReadOnlyList<string> ExampleTraces)
{
    public static FindingJson From(Finding f) => new(
        f.Detector, f.Subject, f.State, f.Statistic, AlertEnvelopeJson.Finite(f.Value), AlertEnvelopeJson.Finite(f.Threshold),
        f.Reference, f.Current, f.Explanation, f.IncidentClass, f.ExampleTraceIds);
}
