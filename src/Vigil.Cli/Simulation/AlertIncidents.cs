using Vigil.Core.Alerts;
using Vigil.Core.Slos;
using Vigil.Simulator.Run;

namespace Vigil.Cli.Simulation;

/// <summary>
/// Until Vigil has its incident model, a game day's incidents are the alerts that fired — SLOs' and detectors' —
/// grouped by feature, provider and class: the first firing, unsuppressed alert of a group opens an incident; later
/// alerts of the group join it (a page raises a ticket to a page) until every alert of the group has been inactive
/// for <see cref="GroupCoolDown"/> (an exhausted SLO budget stays exhausted for days; it does not hold a group open).
/// Recorded after every evaluation, since the engines only keep a day of resolved alerts.
/// </summary>
internal sealed class AlertIncidents : IIncidentSource
{
    public static readonly TimeSpan GroupCoolDown = TimeSpan.FromHours(1);

    private readonly List<ObservedIncident> _incidents = [];
    private readonly Dictionary<(string? Feature, string? Provider, string Class), OpenGroup> _open = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public string? Limitation => "incidents are the alerts that fired (acme's SLOs and Vigil's detectors), grouped by feature, provider and class; diagnosis and runbooks are not built yet";

    /// <summary>Records the alerts of an evaluation at <paramref name="now"/>.</summary>
    public void Record(IEnumerable<Alert> alerts, DateTimeOffset now)
    {
        var active = new HashSet<(string?, string?, string)>();
        foreach (var alert in alerts)
        {
            var key = (alert.Feature, alert.Provider, alert.Class);
            if (alert.IsActive && !IsExhaustedBudget(alert))
            {
                active.Add(key);
            }

            if (alert.State == AlertState.Firing && !IsSuppressed(alert) && _seen.Add(alert.Id))
            {
                Open(key, alert);
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

    private static bool IsExhaustedBudget(Alert alert) => alert.Evidence is SloEvidence { Alert.Kind: AlertKind.BudgetExhausted };

    private static bool IsSuppressed(Alert alert) => alert.Evidence is SloEvidence { Alert.SuppressedBy: not null };

    private void Open((string? Feature, string? Provider, string Class) key, Alert alert)
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
        _incidents.Add(new ObservedIncident(alert.Id, key.Class, key.Feature, key.Provider, alert.Severity, at, Axis: null, Mitigation: null, MitigatedAt: null));
    }

    private sealed class OpenGroup(int index)
    {
        public int Index { get; } = index;
        public DateTimeOffset LastActive { get; set; }
    }
}
