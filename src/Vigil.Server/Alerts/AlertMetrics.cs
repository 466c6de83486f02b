using System.Diagnostics.Metrics;
using Vigil.Core.Alerts;
using Vigil.Core.Slos;
using Vigil.Ingest;
using Vigil.Server.Detectors;
using Vigil.Server.Slos;

namespace Vigil.Server.Alerts;

/// <summary>
/// <c>vigil_alerts</c> on <c>/metrics</c>: 1 per active alert (pending or firing) of any source, labelled with
/// project, source, rule, class, severity, state, feature and subject (<c>provider=openai,model=gpt-4o</c>), so one Alertmanager rule can route SLO and detector
/// alerts alike; and the duration of the latest detector evaluation.
/// </summary>
public sealed class AlertMetrics : IDisposable
{
    private readonly Meter _meter;

    public AlertMetrics(SloEngine slos, DetectorEngine detectors, IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(IngestMetrics.MeterName) ?? new Meter(IngestMetrics.MeterName);
        _meter.CreateObservableGauge("vigil_alerts", () => Active(slos, detectors).Select(a => new Measurement<int>(1, Tags(a))),
            description: "1 for each active alert (pending or firing) of an SLO or a detector");
        _meter.CreateObservableGauge("detector_evaluation_seconds", () => detectors.LastEvaluationDuration.TotalSeconds, "s",
            "Duration of the latest detector evaluation");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Alert> Active(SloEngine slos, DetectorEngine detectors) =>
        slos.Statuses.SelectMany(s => s.Alerts.Where(a => a.IsActive && a.SuppressedBy is null).Select(a => SloAlerts.ToAlert(a, s.Definition)))
            .Concat(detectors.Alerts.Where(a => a.IsActive));

    private static KeyValuePair<string, object?>[] Tags(Alert a) =>
    [
        new("project", a.Project), new("source", a.Source == AlertSource.Slo ? "slo" : "detector"), new("rule", a.Rule), new("class", a.Class),
        new("severity", a.Severity), new("state", a.State == AlertState.Firing ? "firing" : "pending"), new("feature", a.Feature ?? ""),
        new("subject", string.Join(',', a.Subject.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))),
    ];
}
