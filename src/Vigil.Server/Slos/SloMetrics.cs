using System.Diagnostics.Metrics;
using Vigil.Core.Slos;
using Vigil.Ingest;

namespace Vigil.Server.Slos;

/// <summary>
/// The SLOs on <c>/metrics</c> (meter <c>Vigil</c>): event counters for teams that alert from
/// Prometheus (<c>vigil slo export --format prometheus</c> writes rules over them), and the SLI, budget
/// and burn-rate gauges of the latest evaluation. Read when scraped; nothing is computed here.
/// </summary>
public sealed class SloMetrics : IDisposable
{
    private readonly Meter _meter;

    public SloMetrics(SloEngine engine, IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(IngestMetrics.MeterName) ?? new Meter(IngestMetrics.MeterName);
        // Named with _total: prometheus-net exports observable counters under their instrument name as is.
        _meter.CreateObservableCounter("slo_events_total", () => engine.Runtimes.Select((r, i) => new Measurement<long>(engine.CountedSinceReady(i).Total, Tags(r.Definition))),
            description: "Events counted by each SLO since this server's first evaluation (good and bad; history read at start is not counted)");
        _meter.CreateObservableCounter("slo_good_events_total", () => engine.Runtimes.Select((r, i) => new Measurement<long>(engine.CountedSinceReady(i).Good, Tags(r.Definition))),
            description: "Good events counted by each SLO since this server's first evaluation");
        _meter.CreateObservableGauge("slo_objective_ratio", () => engine.Runtimes.Select(r => new Measurement<double>(r.Definition.Objective, Tags(r.Definition))),
            description: "Each SLO's objective");
        _meter.CreateObservableGauge("slo_sli_ratio", () => engine.Statuses.Where(s => s.Budget.Sli is not null)
            .Select(s => new Measurement<double>(s.Budget.Sli!.Value, Tags(s.Definition))),
            description: "Each SLO's SLI over its current period");
        _meter.CreateObservableGauge("slo_error_budget_remaining_ratio", () => engine.Statuses.Select(s => new Measurement<double>(s.Budget.BudgetRemaining, Tags(s.Definition))),
            description: "Share of the period's error budget left (negative once overspent)");
        _meter.CreateObservableGauge("slo_burn_rate", () => engine.Statuses.SelectMany(s => s.Windows.Select(w =>
            new Measurement<double>(w.BurnRate(s.Definition.Objective), [.. Tags(s.Definition), new("window", Core.Text.Durations.Format(w.Window))]))),
            description: "Burn rate over each alert window (1 spends the budget exactly over the period)");
        _meter.CreateObservableGauge("slo_alerts_firing", () => engine.Statuses.SelectMany(s => s.Alerts
            .Where(a => a.State == AlertState.Firing && a.SuppressedBy is null)
            .Select(a => new Measurement<int>(1, [.. Tags(s.Definition), new("tier", a.Tier), new("severity", a.Severity)]))),
            description: "1 for each firing, unsuppressed SLO alert");
        _meter.CreateObservableGauge("slo_evaluation_seconds", () => engine.LastEvaluationDuration.TotalSeconds, "s",
            "Duration of the latest SLO evaluation");
    }

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?>[] Tags(SloDefinition slo) =>
        [new("slo", slo.Name), new("project", slo.Project), new("feature", slo.Feature)];
}
