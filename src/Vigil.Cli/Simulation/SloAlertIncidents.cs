using Vigil.Core.Slos;
using Vigil.Server.Slos;
using Vigil.Simulator.Run;

namespace Vigil.Cli.Simulation;

/// <summary>
/// Until Vigil has its incident model, a game day's incidents are the SLO alerts that fired: each
/// firing, unsuppressed alert is one incident, its class named after the SLI's kind. Recorded after
/// every evaluation, since the engine only keeps a day of resolved alerts.
/// </summary>
internal sealed class SloAlertIncidents : IIncidentSource
{
    private readonly Dictionary<string, ObservedIncident> _opened = new(StringComparer.Ordinal);

    public string? Limitation => "incidents are the SLO alerts that fired (acme's SLOs); detectors, diagnosis and runbooks are not built yet";

    /// <summary>Records the alerts firing after an evaluation.</summary>
    public void Record(SloEngine engine)
    {
        foreach (var status in engine.Statuses)
        {
            foreach (var alert in status.Alerts.Where(a => a.State == AlertState.Firing && a.SuppressedBy is null && !_opened.ContainsKey(a.Id)))
            {
                var scope = status.Definition.Indicator.Scope;
                _opened[alert.Id] = new ObservedIncident(
                    alert.Id, ClassOf(status.Definition.Indicator), alert.Feature, scope.Provider, alert.Severity, alert.FiringAt ?? alert.ActiveAt,
                    Axis: null, Mitigation: null, MitigatedAt: null);
            }
        }
    }

    public Task<IReadOnlyList<ObservedIncident>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ObservedIncident>>([.. _opened.Values.Where(i => i.OpenedAt >= from && i.OpenedAt <= to).OrderBy(i => i.OpenedAt)]);

    private static string ClassOf(SliDefinition sli) => sli.Kind switch
    {
        SliKind.Availability when sli.Scope.Provider is not null => "vendor_outage",
        SliKind.Quality => "quality_regression",
        SliKind.CostPerTask => "cost_spike",
        SliKind.Hallucination => "hallucination_wave",
        SliKind.Latency => "vendor_degradation",
        SliKind.CacheHit => "cache_degradation",
        _ => "availability",
    };
}
