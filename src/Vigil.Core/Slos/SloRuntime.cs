namespace Vigil.Core.Slos;

/// <summary>
/// One SLO at run time: its per-minute SLI history fed span by span and evaluation by evaluation,
/// and its alerts. Pure and single-threaded; the caller serialises access and supplies the clock.
/// </summary>
public sealed class SloRuntime
{
    /// <summary>Events stamped further ahead of the clock than this are not counted (a skewed client must not fill future minutes).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromHours(1);

    private readonly MinuteSeries _series;
    private readonly SloAlertTracker _alerts;
    private readonly TaskCostTracker? _tasks;

    /// <param name="taskSettle">Cost per task: how long a task waits for stragglers after its root span (default one minute; zero when the store already holds everything, as in a one-off evaluation).</param>
    public SloRuntime(SloDefinition definition, TimeSpan? taskSettle = null)
    {
        Definition = definition;
        _series = new MinuteSeries(definition.Horizon + MaxClockSkew);
        _alerts = new SloAlertTracker(definition);
        _tasks = definition.Indicator.Kind == SliKind.CostPerTask ? new TaskCostTracker(definition.Indicator, taskSettle ?? TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)) : null;
    }

    public SloDefinition Definition { get; }

    /// <summary>Good events counted since start (a monotonic counter, for Prometheus).</summary>
    public long GoodEvents { get; private set; }

    /// <summary>Events counted since start (a monotonic counter, for Prometheus).</summary>
    public long TotalEvents { get; private set; }

    /// <summary>Events not counted: older than the history or too far in the future.</summary>
    public long DroppedEvents { get; private set; }

    /// <summary>The per-minute history (read-only use: reports and tests).</summary>
    public MinuteSeries Series => _series;

    public SloStatus? Last { get; private set; }

    public void Observe(SliSpan span, DateTimeOffset now)
    {
        if (!string.Equals(span.ProjectId, Definition.Project, StringComparison.Ordinal))
        {
            return;
        }

        if (_tasks is not null)
        {
            _tasks.Observe(span, now);
            return;
        }

        Count(SliClassifier.Classify(Definition.Indicator, span), span.StartUnixNano, now);
    }

    public void Observe(SliEvaluation evaluation, DateTimeOffset now)
    {
        if (string.Equals(evaluation.ProjectId, Definition.Project, StringComparison.Ordinal))
        {
            Count(SliClassifier.Classify(Definition.Indicator, evaluation), evaluation.TimeUnixNano, now);
        }
    }

    /// <summary>Adds a minute's counts directly: history loaded in bulk, and tests.</summary>
    public void AddMinute(long minute, long good, long total)
    {
        if (_series.Add(minute, good, total))
        {
            GoodEvents += good;
            TotalEvents += total;
        }
        else
        {
            DroppedEvents += total;
        }
    }

    /// <summary>Closes settled tasks, computes the budget and the windows, and steps the alerts.</summary>
    public SloStatus Evaluate(DateTimeOffset now)
    {
        if (_tasks is not null)
        {
            foreach (var task in _tasks.Close(now))
            {
                Count(task.Good ? SliOutcome.Good : SliOutcome.Bad, task.StartUnixNano, now);
            }
        }

        var slo = Definition;
        var budget = SloCalculator.Budget(slo, _series, now);
        var pairs = slo.Alerting.PairsFor(slo.Window.PeriodAt(now));
        var windows = new Dictionary<TimeSpan, WindowValue>();
        WindowValue Value(TimeSpan w) => windows.TryGetValue(w, out var v) ? v : windows[w] = SloCalculator.Window(slo, _series, now, w);

        var conditions = new List<TierCondition>(pairs.Count + 1);
        foreach (var pair in pairs)
        {
            var longWindow = Value(pair.LongWindow);
            var shortWindow = Value(pair.ShortWindow);
            var holds = pair.Fires(slo.Objective, longWindow, shortWindow, slo.Alerting.MinimumEvents);
            conditions.Add(new TierCondition(pair.Tier, AlertKind.BurnRate, pair.Severity, holds, budget, pair, longWindow, shortWindow));
        }

        if (slo.Alerting.BudgetExhausted)
        {
            var exhausted = budget.BudgetRemaining <= 0 && budget.Events.Total >= Math.Max(1, slo.Alerting.MinimumEvents);
            conditions.Add(new TierCondition("budget", AlertKind.BudgetExhausted, slo.Alerting.BudgetExhaustedSeverity, exhausted, budget));
        }

        var longest = pairs.Count == 0 ? TimeSpan.FromHours(1) : pairs.Max(p => p.LongWindow);
        _alerts.Update(now, conditions, TracesLink.For(slo, now - longest, now));

        var fastest = pairs.Count == 0 ? null : Value(pairs.MinBy(p => p.LongWindow)!.LongWindow);
        var burn = fastest?.BurnRate(slo.Objective) ?? 0;
        Last = new SloStatus
        {
            Definition = slo,
            EvaluatedAt = now,
            Budget = budget,
            Windows = [.. windows.Values.OrderBy(w => w.Window)],
            Pairs = pairs,
            BurnRate = burn,
            TimeToExhaustion = burn > 0 && budget.BudgetRemaining > 0 ? slo.Window.PeriodAt(now) * (budget.BudgetRemaining / burn) : null,
            Alerts = _alerts.Alerts,
        };
        return Last;
    }

    private void Count(SliOutcome outcome, long unixNano, DateTimeOffset now)
    {
        if (outcome == SliOutcome.NotCounted)
        {
            return;
        }

        var minute = MinuteSeries.MinuteOfUnixNano(unixNano);
        if (minute > MinuteSeries.MinuteOf(now + MaxClockSkew))
        {
            DroppedEvents++;
            return;
        }

        AddMinute(minute, outcome == SliOutcome.Good ? 1 : 0, 1);
    }
}
