using Vigil.Core.Slos;
using Vigil.Core.Text;

namespace Vigil.Server.Slos;

// The SLO API's response shapes (camelCase, enums snake_case, nulls omitted: see ApiJson).

public sealed record SloListJson(bool Ready, DateTimeOffset? EvaluatedAt, IReadOnlyList<SloSummaryJson> Slos);

public sealed record SloSummaryJson(
    string Name,
    string Project,
    string Feature,
    string? DisplayName,
    SliKind Kind,
    double Objective,
    string Window,
    BudgetingMethod Budgeting,
    double? Sli,
    EventsJson Events,
    BudgetJson Budget,
    double BurnRate,
    double? TimeToExhaustionSeconds,
    string AlertState,
    DateTimeOffset EvaluatedAt)
{
    public static SloSummaryJson From(SloStatus status)
    {
        var slo = status.Definition;
        var budget = status.Budget;
        return new SloSummaryJson(
            slo.Name, slo.Project, slo.Feature, slo.DisplayName, slo.Indicator.Kind, slo.Objective, slo.Window.ToString(), slo.Method,
            budget.Sli, EventsJson.From(budget.Events),
            new BudgetJson(budget.BudgetRemaining, budget.BudgetSpent, budget.WindowStart, budget.WindowEnd, slo.Method == BudgetingMethod.Occurrences ? null : EventsJson.From(budget.Slices)),
            status.BurnRate, status.TimeToExhaustion?.TotalSeconds, status.AlertState, status.EvaluatedAt);
    }
}

public sealed record SloDetailJson(SloSummaryJson Slo, IndicatorJson Indicator, IReadOnlyList<WindowJson> Windows, IReadOnlyList<PairJson> Pairs, IReadOnlyList<AlertJson> Alerts)
{
    public static SloDetailJson From(SloStatus status)
    {
        var slo = status.Definition;
        var sli = slo.Indicator;
        var scope = sli.Scope;
        return new SloDetailJson(
            SloSummaryJson.From(status),
            new IndicatorJson(sli.Kind, scope.Feature, scope.Stage, scope.Team, scope.Segment, scope.Provider, scope.Model, scope.Operation, sli.RootOnly,
                sli.LatencyThreshold?.TotalMilliseconds, sli.CostThreshold, sli.ScoreThreshold, sli.Kind is SliKind.Quality or SliKind.Hallucination ? sli.EvaluationNames : null),
            [.. status.Windows.Select(w => WindowJson.From(w, slo.Objective))],
            [.. status.Pairs.Select(p => new PairJson(p.Severity, Durations.Format(p.LongWindow), Durations.Format(p.ShortWindow), p.BurnRate, p.BudgetShare, p.Threshold(slo.Objective)))],
            [.. status.Alerts.Select(AlertJson.From)]);
    }
}

public sealed record IndicatorJson(
    SliKind Kind, string Feature, string? Stage, string? Team, string? Segment, string? Provider, string? Model, string? Operation, bool RootOnly,
    double? LatencyThresholdMs, decimal? CostThresholdUsd, double? ScoreThreshold, IReadOnlyList<string>? Evaluations);

public sealed record EventsJson(long Good, long Total, long Bad)
{
    public static EventsJson From(EventCounts counts) => new(counts.Good, counts.Total, counts.Bad);
}

public sealed record BudgetJson(double Remaining, double Spent, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, EventsJson? Slices);

public sealed record WindowJson(string Window, double Seconds, long Good, long Total, double ErrorRatio, double BurnRate)
{
    public static WindowJson From(WindowValue w, double objective) =>
        new(Durations.Format(w.Window), w.Window.TotalSeconds, w.Events.Good, w.Events.Total, w.ErrorRatio, w.BurnRate(objective));
}

public sealed record PairJson(string Severity, string LongWindow, string ShortWindow, double BurnRate, double BudgetShare, double ErrorRatioThreshold);

public sealed record AlertJson(
    string Id, string Slo, string Project, string Feature, AlertKind Kind, string Severity, string Tier, AlertState State,
    DateTimeOffset ActiveAt, DateTimeOffset? FiringAt, DateTimeOffset? ResolvedAt, DateTimeOffset EvaluatedAt, string? SuppressedBy,
    double Objective, double? BurnRateThreshold, double? ErrorRatioThreshold, WindowJson? LongWindow, WindowJson? ShortWindow,
    double BudgetSpent, double BudgetRemaining, string Traces)
{
    public static AlertJson From(SloAlert a) => new(
        a.Id, a.Slo, a.Project, a.Feature, a.Kind, a.Severity, a.Tier, a.State, a.ActiveAt, a.FiringAt, a.ResolvedAt, a.EvaluatedAt, a.SuppressedBy,
        a.Objective, a.BurnRateThreshold, a.ErrorRatioThreshold,
        a.LongWindow is { } l ? WindowJson.From(l, a.Objective) : null,
        a.ShortWindow is { } s ? WindowJson.From(s, a.Objective) : null,
        a.BudgetSpent, a.BudgetRemaining, a.TracesLink);
}
