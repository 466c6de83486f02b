using Vigil.Core.Alerts;
using Vigil.Core.Slos;
using Vigil.Server.Detectors;
using Vigil.Server.Slos;

namespace Vigil.Server.Alerts;

/// <summary>One project's alerts from both engines, in the envelope of ADR 0006.</summary>
public static class AlertList
{
    /// <summary>Every alert of one project, SLOs' and detectors', active first, pages first, newest first.</summary>
    public static IEnumerable<Alert> Of(string project, SloEngine slos, DetectorEngine detectors)
    {
        ArgumentNullException.ThrowIfNull(slos);
        ArgumentNullException.ThrowIfNull(detectors);
        return slos.Statuses.Where(s => s.Definition.Project == project)
            .SelectMany(s => s.Alerts.Select(a => SloAlerts.ToAlert(a, s.Definition)))
            .Concat(detectors.Alerts.Where(a => a.Project == project))
            .OrderBy(a => a.State == AlertState.Resolved)
            .ThenByDescending(a => a.Severity == BurnWindowPair.Page)
            .ThenByDescending(a => a.FiringAt ?? a.ActiveAt);
    }
}
