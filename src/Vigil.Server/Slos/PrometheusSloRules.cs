using Vigil.Core.Slos;
using static Vigil.Server.Slos.PromQl;

namespace Vigil.Server.Slos;

/// <summary>
/// The three rule groups of one SLO in Sloth's naming: SLI error ratios per window, metadata, and
/// one multiwindow burn-rate alert per severity (plus the budget-exhausted alert).
/// </summary>
internal sealed class PrometheusSloRules
{
    public const string EventsMetric = "vigil_slo_events_total";
    public const string GoodEventsMetric = "vigil_slo_good_events_total";

    private const string SliErrorPrefix = "slo:sli_error:ratio_rate";
    private const string ErrorBudgetRecord = "slo:error_budget:ratio";
    private const string PeriodBurnRateRecord = "slo:period_burn_rate:ratio";
    private const string BudgetRemainingRecord = "slo:period_error_budget_remaining:ratio";

    /// <summary>The window of <c>slo:current_burn_rate:ratio</c> and the samples the period ratio averages, as in Sloth.</summary>
    private static readonly TimeSpan CurrentWindow = TimeSpan.FromMinutes(5);

    private readonly SloDefinition _slo;
    private readonly TimeSpan _period;
    private readonly string _budget;
    private readonly string _slothSelector;
    private readonly string _counterSelector;
    private readonly IReadOnlyList<BurnWindowPair> _pairs;

    public PrometheusSloRules(SloDefinition slo)
    {
        _slo = slo;
        _period = PeriodOf(slo.Window);
        _budget = Number(ErrorBudget.Of(slo.Objective));
        _pairs = slo.Alerting.PairsFor(_period);
        Id = IdOf(slo);
        _slothSelector = Selector(", ", ("sloth_id", Id), ("sloth_service", slo.Feature), ("sloth_slo", slo.Name));
        _counterSelector = Selector(",", ("slo", slo.Name), ("project", slo.Project));
    }

    /// <summary><c>sloth_id</c>: the project and the SLO name, unique across a Vigil server.</summary>
    public string Id { get; }

    public static string IdOf(SloDefinition slo) => slo.Project + "-" + slo.Name;

    /// <summary>
    /// The rolling window the rules use: the period's nominal length (a calendar month is 30 days,
    /// <see cref="SloTimeWindow.CalendarMonth"/>); Prometheus rules cannot align to the calendar.
    /// </summary>
    public static TimeSpan PeriodOf(SloTimeWindow window) => window.Duration;

    public IEnumerable<PromRuleGroup> Groups()
    {
        yield return new PromRuleGroup { Name = "sloth-slo-sli-recordings-" + Id, Rules = SliRules() };
        yield return new PromRuleGroup { Name = "sloth-slo-meta-recordings-" + Id, Rules = MetaRules() };
        var alerts = AlertRules();
        if (alerts.Count > 0)
        {
            yield return new PromRuleGroup { Name = "sloth-slo-alerts-" + Id, Rules = alerts };
        }
    }

    /// <summary>
    /// Every window the pairs use and 5m, as ratios of the counters' rates. A window without events
    /// records no sample (the denominator is filtered by <c>&gt; 0</c>) rather than Sloth's NaN, so
    /// it neither alerts nor poisons the period average; a missing good-events series counts as 0.
    /// </summary>
    private List<PromRule> SliRules()
    {
        var windows = new SortedSet<TimeSpan>(_pairs.SelectMany(p => new[] { p.LongWindow, p.ShortWindow })) { CurrentWindow };
        var rules = windows.Select(w => SliRule(w, $"""
            1 - (
              (sum(rate({GoodEventsMetric}{_counterSelector}[{Duration(w)}])) or vector(0))
              /
              (sum(rate({EventsMetric}{_counterSelector}[{Duration(w)}])) > 0)
            )
            """)).ToList();
        if (!windows.Contains(_period))
        {
            var fiveMinutes = SliError(CurrentWindow) + _slothSelector;
            rules.Add(SliRule(_period, $"""
                sum_over_time({fiveMinutes}[{Duration(_period)}])
                / ignoring (sloth_window)
                count_over_time({fiveMinutes}[{Duration(_period)}])
                """));
        }

        return rules;
    }

    private PromRule SliRule(TimeSpan window, string expr) => new()
    {
        Record = SliError(window),
        Expr = expr,
        Labels = Labels(("sloth_window", Duration(window))),
    };

    private List<PromRule> MetaRules() =>
    [
        Meta("slo:objective:ratio", $"vector({Number(_slo.Objective)})"),
        Meta(ErrorBudgetRecord, $"vector(1-{Number(_slo.Objective)})"),
        Meta("slo:time_period:days", $"vector({Number(_period.TotalDays)})"),
        Meta("slo:current_burn_rate:ratio", BurnRate(CurrentWindow)),
        Meta(PeriodBurnRateRecord, BurnRate(_period)),
        Meta(BudgetRemainingRecord, $"1 - {PeriodBurnRateRecord}{_slothSelector}"),
        Meta("sloth_slo_info", "vector(1)", ("sloth_mode", "vigil"), ("sloth_objective", Number(_slo.Objective * 100))),
    ];

    private string BurnRate(TimeSpan window) => $"""
        {SliError(window)}{_slothSelector}
        / on(sloth_id, sloth_slo, sloth_service) group_left
        {ErrorBudgetRecord}{_slothSelector}
        """;

    private PromRule Meta(string record, string expr, params (string Name, string Value)[] extra) =>
        new() { Record = record, Expr = expr, Labels = Labels(extra) };

    /// <summary>One alert per severity, page first, OR-ing that severity's pairs; then the budget-exhausted alert when enabled.</summary>
    private List<PromRule> AlertRules()
    {
        var alerts = new List<PromRule>();
        foreach (var severity in new[] { BurnWindowPair.Page, BurnWindowPair.Ticket })
        {
            var pairs = _pairs.Where(p => p.Severity == severity).ToList();
            if (pairs.Count > 0)
            {
                alerts.Add(Alert(
                    PrometheusRules.AlertName(_slo, severity),
                    string.Join("\nor\n", pairs.Select(PairCondition)),
                    severity,
                    $"SLO '{_slo.Name}' of feature '{_slo.Feature}' (project '{_slo.Project}') is burning its error budget too fast",
                    $"({severity}) {{{{$labels.sloth_service}}}} {{{{$labels.sloth_slo}}}} SLO error budget burn rate is too fast."));
            }
        }

        if (_slo.Alerting.BudgetExhausted)
        {
            var severity = _slo.Alerting.BudgetExhaustedSeverity;
            alerts.Add(Alert(
                PrometheusRules.BudgetExhaustedAlertName(_slo),
                $"{BudgetRemainingRecord}{_slothSelector} <= 0" + EventsGuard(_period, ""),
                severity,
                $"SLO '{_slo.Name}' of feature '{_slo.Feature}' (project '{_slo.Project}') has spent its error budget over the last {Duration(_period)}",
                $"({severity}) {{{{$labels.sloth_service}}}} {{{{$labels.sloth_slo}}}} SLO error budget is exhausted."));
        }

        return alerts;
    }

    /// <summary>Both windows over <c>burn rate × error budget</c>, short window first as Sloth writes it.</summary>
    private string PairCondition(BurnWindowPair pair)
    {
        var threshold = $"({Number(pair.BurnRate)} * {_budget})";
        return $"""
            (
                max({SliError(pair.ShortWindow)}{_slothSelector} > {threshold}) without (sloth_window)
                and
                max({SliError(pair.LongWindow)}{_slothSelector} > {threshold}) without (sloth_window){EventsGuard(pair.LongWindow, "    ")}
            )
            """;
    }

    /// <summary>
    /// Vigil's low-traffic guard: at least <see cref="SloAlerting.MinimumEvents"/> events in the long
    /// window (<c>increase</c> extrapolates, so the count is approximate). With a minimum of 0 or 1
    /// nothing is added: a window without events records no sample, so it cannot fire.
    /// </summary>
    private string EventsGuard(TimeSpan window, string indent) =>
        _slo.Alerting.MinimumEvents <= 1
            ? ""
            : $"\n{indent}and on ()\n{indent}sum(increase({EventsMetric}{_counterSelector}[{Duration(window)}])) >= {_slo.Alerting.MinimumEvents}";

    private PromRule Alert(string name, string expr, string severity, string summary, string title) => new()
    {
        Alert = name,
        Expr = expr,
        For = _slo.Alerting.PendingFor > TimeSpan.Zero ? Duration(_slo.Alerting.PendingFor) : null,
        Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["severity"] = severity, ["sloth_severity"] = severity },
        Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = TemplateLiteral(summary),
            ["title"] = title,
        },
    };

    private SortedDictionary<string, string> Labels(params (string Name, string Value)[] extra)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["sloth_id"] = Id,
            ["sloth_service"] = _slo.Feature,
            ["sloth_slo"] = _slo.Name,
        };
        foreach (var (name, value) in extra)
        {
            labels[name] = value;
        }

        return labels;
    }

    private static string SliError(TimeSpan window) => SliErrorPrefix + Duration(window);
}
