using System.Globalization;
using Vigil.Core.Alerts;
using Vigil.Core.Slos;

namespace Vigil.Detectors.Alerts;

/// <summary>
/// Turns one detector rule's successive findings into alerts (ADR 0006): a finding in <see cref="FindingState.Alert"/>
/// opens a pending alert for its subject, which fires once the condition has held for <see cref="AlertRules.For"/>
/// (at an evaluation at least that long after it became active); a later <see cref="FindingState.Ok"/> resolves a
/// firing alert and drops a pending one. <see cref="FindingState.InsufficientData"/> — and a subject missing from an
/// evaluation — holds the state: too little traffic is not recovery. Resolved alerts are kept for
/// <see cref="AlertRules.KeepResolved"/>. Pure: the caller passes the time of each evaluation.
/// </summary>
public sealed class FindingAlertTracker(string project, AlertRules rules)
{
    private readonly Dictionary<string, Alert> _active = new(StringComparer.Ordinal);
    private readonly List<Alert> _resolved = [];

    /// <summary>Active alerts (pending and firing) then those resolved within <see cref="AlertRules.KeepResolved"/>, oldest first.</summary>
    public IReadOnlyList<Alert> Alerts => [.. _active.Values.OrderBy(a => a.ActiveAt).ThenBy(a => a.Id, StringComparer.Ordinal), .. _resolved];

    /// <summary>Applies one evaluation's findings (any detectors, any subjects) made at <paramref name="now"/>.</summary>
    public void Observe(IEnumerable<Finding> findings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(findings);
        foreach (var finding in findings)
        {
            var key = Key(finding);
            _active.TryGetValue(key, out var alert);
            switch (finding.State)
            {
                case FindingState.Alert:
                    _active[key] = alert is null ? Open(key, finding, now) : Advance(alert, finding, now);
                    break;
                case FindingState.Ok when alert is not null:
                    _active.Remove(key);
                    if (alert.State == AlertState.Firing)
                    {
                        _resolved.Add(Update(alert, finding, now) with { State = AlertState.Resolved, ResolvedAt = now });
                    }

                    break;
                case FindingState.InsufficientData when alert is not null:
                    _active[key] = alert with { EvaluatedAt = now, Evidence = Evidence(finding) };
                    break;
                default:
                    break;
            }
        }

        _resolved.RemoveAll(a => now - a.ResolvedAt > rules.KeepResolved);
    }

    /// <summary>The rule and subject a finding speaks of: detector, statistic and labels in key order.</summary>
    public static string Key(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return string.Join('|', new[] { finding.Detector, finding.Statistic }
            .Concat(finding.Subject.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")));
    }

    private Alert Open(string key, Finding finding, DateTimeOffset now)
    {
        var alert = new Alert
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"{key}@{now.ToUnixTimeSeconds()}"),
            Source = AlertSource.Detector,
            Rule = $"{finding.Detector}/{finding.Statistic}",
            Project = project,
            Subject = finding.Subject,
            Class = finding.IncidentClass,
            Severity = rules.SeverityOf(finding.IncidentClass),
            State = AlertState.Pending,
            ActiveAt = now,
            EvaluatedAt = now,
            Summary = finding.Explanation,
            ExampleTraceIds = finding.ExampleTraceIds,
            Evidence = Evidence(finding),
        };
        return Advance(alert, finding, now);
    }

    private Alert Advance(Alert alert, Finding finding, DateTimeOffset now)
    {
        var updated = Update(alert, finding, now);
        return updated.State == AlertState.Pending && now - updated.ActiveAt >= rules.For
            ? updated with { State = AlertState.Firing, FiringAt = now }
            : updated;
    }

    private static Alert Update(Alert alert, Finding finding, DateTimeOffset now) => alert with
    {
        EvaluatedAt = now,
        Summary = finding.Explanation,
        ExampleTraceIds = finding.ExampleTraceIds.Count > 0 ? finding.ExampleTraceIds : alert.ExampleTraceIds,
        Evidence = Evidence(finding),
    };

    private static FindingEvidence Evidence(Finding finding) => new(
        finding.Detector, finding.Statistic, finding.Value, finding.Threshold, finding.Reference, finding.Current,
        finding.State switch
        {
            FindingState.Alert => "alert",
            FindingState.Ok => "ok",
            _ => "insufficient_data",
        });
}

/// <summary>How findings become alerts: how long a condition must hold before it fires, severity per class, how long resolved alerts are kept.</summary>
public sealed record AlertRules
{
    /// <summary>Classes that page by default; every other class opens a ticket.</summary>
    public static readonly IReadOnlySet<string> PagingClasses = new HashSet<string>(StringComparer.Ordinal) { "vendor_outage", "vendor_degradation", "availability" };

    /// <summary>The condition must hold this long (from the first alerting evaluation) before the alert fires; zero fires at once.</summary>
    public TimeSpan For { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Severity per incident class, overriding <see cref="PagingClasses"/>.</summary>
    public IReadOnlyDictionary<string, string> Severity { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public TimeSpan KeepResolved { get; init; } = TimeSpan.FromDays(1);

    public string SeverityOf(string incidentClass) =>
        Severity.TryGetValue(incidentClass, out var severity) ? severity
        : PagingClasses.Contains(incidentClass) ? BurnWindowPair.Page : BurnWindowPair.Ticket;
}
