using Vigil.Core.Slos;
using Vigil.Server.Slos;
using Vigil.Simulator.Run;

namespace Vigil.Cli.Simulation;

/// <summary>
/// Until Vigil has its incident model, a game day's incidents are the SLO alerts that fired, grouped
/// by feature and class: the first firing, unsuppressed alert of a (feature, class) opens an incident,
/// its class named after the SLI's kind; later alerts of the same group join it (a page raises a
/// ticket to a page) until every burn-rate alert of the group has been resolved for <see cref="GroupCoolDown"/>
/// (an exhausted budget stays exhausted for days; it does not hold a group open).
/// Recorded after every evaluation, since the engine only keeps a day of resolved alerts.
/// </summary>
internal sealed class SloAlertIncidents : IIncidentSource
{
    public static readonly TimeSpan GroupCoolDown = TimeSpan.FromHours(1);

    private readonly List<ObservedIncident> _incidents = [];
    private readonly Dictionary<(string? Feature, string Class), OpenGroup> _open = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public string? Limitation => "incidents are the SLO alerts that fired (acme's SLOs), grouped by feature and class; detectors, diagnosis and runbooks are not built yet";

    /// <summary>Records the alerts firing after an evaluation at <paramref name="now"/>.</summary>
    public void Record(SloEngine engine, DateTimeOffset now)
    {
        var active = new HashSet<(string?, string)>();
        foreach (var status in engine.Statuses)
        {
            var sli = status.Definition.Indicator;
            var key = (status.Definition.Feature, ClassOf(sli));
            if (status.Alerts.Any(a => a.IsActive && a.Kind == AlertKind.BurnRate))
            {
                active.Add(key);
            }

            foreach (var alert in status.Alerts.Where(a => a.State == AlertState.Firing && a.SuppressedBy is null && _seen.Add(a.Id)))
            {
                Open(key, alert, sli.Scope.Provider);
            }
        }

        foreach (var (key, group) in _open.ToList())
        {
            if (active.Contains(key))
            {
                group.LastActive = now;
            }
            else if (now - group.LastActive >= GroupCoolDown)
            {
                _open.Remove(key);
            }
        }
    }

    public Task<IReadOnlyList<ObservedIncident>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ObservedIncident>>([.. _incidents.Where(i => i.OpenedAt >= from && i.OpenedAt <= to).OrderBy(i => i.OpenedAt)]);

    private void Open((string? Feature, string Class) key, SloAlert alert, string? provider)
    {
        var at = alert.FiringAt ?? alert.ActiveAt;
        if (_open.TryGetValue(key, out var group))
        {
            group.LastActive = at;
            if (alert.Severity == BurnWindowPair.Page && _incidents[group.Index].Severity != BurnWindowPair.Page)
            {
                _incidents[group.Index] = _incidents[group.Index] with { Severity = BurnWindowPair.Page };
            }

            return;
        }

        _open[key] = new OpenGroup(_incidents.Count) { LastActive = at };
        _incidents.Add(new ObservedIncident(alert.Id, key.Class, alert.Feature, provider, alert.Severity, at, Axis: null, Mitigation: null, MitigatedAt: null));
    }

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

    private sealed class OpenGroup(int index)
    {
        public int Index { get; } = index;
        public DateTimeOffset LastActive { get; set; }
    }
}
