using System.Globalization;
using Vigil.Core.Slos;

namespace Vigil.Core.Alerts;

/// <summary>SLO alerts in the envelope of <see cref="Alert"/>: the class follows from the SLI's kind, the evidence is the SLO alert itself.</summary>
public static class SloAlerts
{
    /// <summary>The incident class an SLO's alerts open: availability of one provider is a vendor outage, latency a vendor degradation, and so on.</summary>
    public static string ClassOf(SliDefinition sli)
    {
        ArgumentNullException.ThrowIfNull(sli);
        return sli.Kind switch
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

    public static Alert ToAlert(SloAlert alert, SloDefinition slo)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(slo);
        var subject = new Dictionary<string, string>(StringComparer.Ordinal) { ["feature"] = alert.Feature };
        if (slo.Indicator.Scope.Provider is { } provider)
        {
            subject["provider"] = provider;
        }

        return new Alert
        {
            Id = alert.Id,
            Source = AlertSource.Slo,
            Rule = alert.Slo,
            Project = alert.Project,
            Subject = subject,
            Class = ClassOf(slo.Indicator),
            Severity = alert.Severity,
            State = alert.State,
            ActiveAt = alert.ActiveAt,
            FiringAt = alert.FiringAt,
            ResolvedAt = alert.ResolvedAt,
            EvaluatedAt = alert.EvaluatedAt,
            Summary = Summary(alert),
            TracesLink = alert.TracesLink,
            Evidence = new SloEvidence(alert),
        };
    }

    private static string Summary(SloAlert a) => a.Kind == AlertKind.BudgetExhausted
        ? string.Create(CultureInfo.InvariantCulture, $"SLO {a.Slo}: the error budget is spent ({a.BudgetSpent:P0} of it)")
        : string.Create(CultureInfo.InvariantCulture,
            $"SLO {a.Slo}: burning its error budget at {a.LongWindow?.BurnRate(a.Objective):0.#}× over {Text.Durations.Format(a.LongWindow?.Window ?? TimeSpan.Zero)} and {a.ShortWindow?.BurnRate(a.Objective):0.#}× over {Text.Durations.Format(a.ShortWindow?.Window ?? TimeSpan.Zero)} (alert at {a.BurnRateThreshold:0.#}×); {a.BudgetRemaining:P0} of the budget left");
}
