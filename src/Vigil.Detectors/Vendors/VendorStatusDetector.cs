using Vigil.Core.Queries;
using static System.FormattableString;

namespace Vigil.Detectors.Vendors;

/// <summary>Which components of a status page stand for a provider, by name or id (ordinal, case-insensitive); none: the page's overall indicator.</summary>
public sealed record VendorStatusMapping(string Provider, IReadOnlyList<string> Components);

/// <summary>
/// <c>vendor_status</c>: a parsed Statuspage summary, read for one provider. Each mapped component gives one finding:
/// <see cref="FindingState.Alert"/> at degraded_performance (incident class <c>vendor_degradation</c>), partial_outage or
/// major_outage (<c>vendor_outage</c>); operational and under_maintenance are Ok; a mapped component the page does not list,
/// or a status this parser does not know, is <see cref="FindingState.InsufficientData"/>. With no components mapped, the
/// page's indicator decides (minor → degradation, major/critical → outage). Unresolved incidents and maintenances in progress that touch the
/// component (or, for the page, any incident) are named in the explanation. Statistic <c>component_status</c>: Value is the severity
/// (0 operational, 1 under maintenance, 2 degraded, 3 partial outage, 4 major outage), Threshold 2.
/// </summary>
public static class VendorStatusDetector
{
    public const string Detector = "vendor_status";

    /// <param name="observedAt">When the summary was fetched; the current window runs from the page's updated_at (or this) to this.</param>
    public static IReadOnlyList<Finding> Evaluate(StatuspageSummary summary, VendorStatusMapping mapping, DateTimeOffset observedAt)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(mapping);
        var from = summary.UpdatedAt is { } updated && updated <= observedAt ? updated : observedAt;
        var window = new TimeRange(from, observedAt);
        if (mapping.Components.Count == 0)
        {
            return [PageFinding(summary, mapping.Provider, window)];
        }

        var findings = new List<Finding>();
        foreach (var name in mapping.Components)
        {
            var component = summary.Components.FirstOrDefault(c =>
                string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Id, name, StringComparison.OrdinalIgnoreCase));
            var subject = Finding.Labels(("provider", mapping.Provider), ("page", summary.PageName), ("component", component?.Name ?? name));
            if (component is null || component.Status == ComponentStatus.Unknown)
            {
                findings.Add(Make(subject, FindingState.InsufficientData, null, window, "vendor_degradation", component is null
                    ? $"{mapping.Provider}: the status page '{summary.PageName}' lists no component '{name}' (it has {string.Join(", ", summary.Components.Select(c => c.Name))})"
                    : $"{mapping.Provider}: component '{component.Name}' on '{summary.PageName}' has a status this parser does not know"));
                continue;
            }

            var severity = Severity(component.Status);
            var incidents = summary.Incidents.Concat(summary.MaintenancesInProgress)
                .Where(i => i.ComponentIds.Contains(component.Id, StringComparer.Ordinal)).ToList();
            var alert = severity >= 2;
            findings.Add(Make(subject, alert ? FindingState.Alert : FindingState.Ok, severity, window,
                component.Status == ComponentStatus.DegradedPerformance ? "vendor_degradation" : "vendor_outage",
                $"{mapping.Provider}: '{component.Name}' on '{summary.PageName}' is {Name(component.Status)}{Incidents(incidents)}"));
        }

        return findings;
    }

    private static Finding PageFinding(StatuspageSummary summary, string provider, TimeRange window)
    {
        var subject = Finding.Labels(("provider", provider), ("page", summary.PageName));
        var severity = summary.Indicator switch
        {
            StatusIndicator.None => 0,
            StatusIndicator.Minor => 2,
            StatusIndicator.Major => 3,
            StatusIndicator.Critical => 4,
            _ => (int?)null,
        };
        var text = $"{provider}: '{summary.PageName}' reports '{summary.Description ?? summary.Indicator.ToString()}' (indicator {summary.Indicator.ToString().ToLowerInvariant()}){Incidents(summary.Incidents)}";
        return severity is null
            ? Make(subject, FindingState.InsufficientData, null, window, "vendor_degradation", text)
            : Make(subject, severity >= 2 ? FindingState.Alert : FindingState.Ok, severity, window,
                summary.Indicator == StatusIndicator.Minor ? "vendor_degradation" : "vendor_outage", text);
    }

    private static int Severity(ComponentStatus status) => status switch
    {
        ComponentStatus.Operational => 0,
        ComponentStatus.UnderMaintenance => 1,
        ComponentStatus.DegradedPerformance => 2,
        ComponentStatus.PartialOutage => 3,
        _ => 4,
    };

    private static string Name(ComponentStatus status) => status switch
    {
        ComponentStatus.Operational => "operational",
        ComponentStatus.UnderMaintenance => "under maintenance",
        ComponentStatus.DegradedPerformance => "degraded (degraded_performance)",
        ComponentStatus.PartialOutage => "in a partial outage (partial_outage)",
        _ => "in a major outage (major_outage)",
    };

    private static string Incidents(IReadOnlyList<StatusIncident> incidents) => incidents.Count == 0
        ? "; no open incident"
        : "; open: " + string.Join("; ", incidents.Select(i =>
            Invariant($"'{i.Name}' ({i.Status}, impact {i.Impact.ToString().ToLowerInvariant()}{(i.UpdatedAt is { } t ? Invariant($", updated {t.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : "")})")));

    private static Finding Make(IReadOnlyDictionary<string, string> subject, FindingState state, int? severity, TimeRange window, string incidentClass, string explanation) => new()
    {
        Detector = Detector,
        Subject = subject,
        State = state,
        Statistic = "component_status",
        Value = severity,
        Threshold = 2,
        Current = window,
        Explanation = explanation,
        IncidentClass = incidentClass,
    };
}
