namespace Vigil.Core.Slos;

/// <summary>
/// The alert state machine of one SLO. Each tier (burn-rate pair, and the budget-exhausted check)
/// goes pending when its condition holds, firing once it has held for the pending time, and resolved
/// when it stops holding; a pending alert whose condition stops is dropped. A firing tier suppresses
/// the firing tiers with longer windows. Resolved alerts stay listed for <see cref="ResolvedRetention"/>.
/// </summary>
public sealed class SloAlertTracker(SloDefinition slo)
{
    public static readonly TimeSpan ResolvedRetention = TimeSpan.FromHours(24);

    private readonly Dictionary<string, SloAlert> _active = new(StringComparer.Ordinal);
    private readonly List<SloAlert> _resolved = [];

    /// <summary>Active alerts (fastest tier first), then resolved ones (latest first).</summary>
    public IReadOnlyList<SloAlert> Alerts =>
        [.. _active.Values.OrderBy(a => a.Kind).ThenBy(a => a.LongWindow?.Window ?? TimeSpan.MaxValue), .. _resolved.AsEnumerable().Reverse()];

    /// <summary>Applies one evaluation: every tier's condition at <paramref name="now"/>.</summary>
    public void Update(DateTimeOffset now, IReadOnlyList<TierCondition> conditions, string tracesLink)
    {
        foreach (var condition in conditions)
        {
            Step(now, condition, tracesLink);
        }

        Suppress();
        _resolved.RemoveAll(a => now - a.ResolvedAt!.Value > ResolvedRetention);
    }

    private void Step(DateTimeOffset now, TierCondition condition, string tracesLink)
    {
        _active.TryGetValue(condition.Tier, out var alert);
        if (!condition.Holds)
        {
            if (alert is null)
            {
                return;
            }

            _active.Remove(condition.Tier);
            if (alert.State == AlertState.Firing)
            {
                _resolved.Add(With(alert, condition, now, tracesLink) with { State = AlertState.Resolved, ResolvedAt = now, SuppressedBy = null });
            }

            return;
        }

        alert ??= new SloAlert
        {
            Id = $"{slo.Name}:{condition.Tier}:{now.ToUnixTimeSeconds()}",
            Slo = slo.Name,
            Project = slo.Project,
            Feature = slo.Feature,
            Kind = condition.Kind,
            Severity = condition.Severity,
            Tier = condition.Tier,
            State = AlertState.Pending,
            ActiveAt = now,
            EvaluatedAt = now,
            Objective = slo.Objective,
            BudgetSpent = condition.Budget.BudgetSpent,
            BudgetRemaining = condition.Budget.BudgetRemaining,
            TracesLink = tracesLink,
        };
        alert = With(alert, condition, now, tracesLink);
        if (alert.State == AlertState.Pending && now - alert.ActiveAt >= slo.Alerting.PendingFor)
        {
            alert = alert with { State = AlertState.Firing, FiringAt = now };
        }

        _active[condition.Tier] = alert;
    }

    private static SloAlert With(SloAlert alert, TierCondition condition, DateTimeOffset now, string tracesLink) => alert with
    {
        EvaluatedAt = now,
        BurnRateThreshold = condition.Pair?.BurnRate,
        ErrorRatioThreshold = condition.Pair?.Threshold(alert.Objective),
        LongWindow = condition.LongWindow,
        ShortWindow = condition.ShortWindow,
        BudgetSpent = condition.Budget.BudgetSpent,
        BudgetRemaining = condition.Budget.BudgetRemaining,
        TracesLink = tracesLink,
    };

    private void Suppress()
    {
        var fastest = _active.Values
            .Where(a => a.Kind == AlertKind.BurnRate && a.State == AlertState.Firing)
            .MinBy(a => a.LongWindow!.Window);
        foreach (var alert in _active.Values.ToList())
        {
            var suppressedBy = fastest is not null && alert.Kind == AlertKind.BurnRate && alert.LongWindow!.Window > fastest.LongWindow!.Window
                ? fastest.Id
                : null;
            if (alert.SuppressedBy != suppressedBy)
            {
                _active[alert.Tier] = alert with { SuppressedBy = suppressedBy };
            }
        }
    }
}

/// <summary>Whether one tier's condition holds at an evaluation, with its evidence.</summary>
public sealed record TierCondition(
    string Tier,
    AlertKind Kind,
    string Severity,
    bool Holds,
    BudgetReport Budget,
    BurnWindowPair? Pair = null,
    WindowValue? LongWindow = null,
    WindowValue? ShortWindow = null);
