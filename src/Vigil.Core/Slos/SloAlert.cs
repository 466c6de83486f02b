namespace Vigil.Core.Slos;

public enum AlertState
{
    /// <summary>The condition holds but not yet for the pending time.</summary>
    Pending,
    Firing,

    /// <summary>The condition stopped holding after the alert fired.</summary>
    Resolved,
}

/// <summary>What raised an alert.</summary>
public enum AlertKind
{
    /// <summary>A multiwindow burn-rate pair.</summary>
    BurnRate,

    /// <summary>The period's error budget is spent.</summary>
    BudgetExhausted,
}

/// <summary>
/// One alert of one SLO, with the evidence behind it as of its last evaluation: the window values
/// and thresholds, the budget spent, and where to find the traces.
/// </summary>
public sealed record SloAlert
{
    /// <summary>Unique across restarts of the same clock: SLO, tier and the instant it became active.</summary>
    public required string Id { get; init; }

    public required string Slo { get; init; }
    public required string Project { get; init; }
    public required string Feature { get; init; }
    public required AlertKind Kind { get; init; }
    public required string Severity { get; init; }

    /// <summary>The pair's windows ("1h/5m"), or "budget" for the budget-exhausted alert; faster tiers come first.</summary>
    public required string Tier { get; init; }

    public required AlertState State { get; init; }
    public required DateTimeOffset ActiveAt { get; init; }
    public DateTimeOffset? FiringAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>The id of the faster firing alert of the same SLO that mutes this one, if any.</summary>
    public string? SuppressedBy { get; init; }

    public required double Objective { get; init; }

    /// <summary>Burn-rate alerts: the pair's burn-rate factor and the error ratio both windows must exceed.</summary>
    public double? BurnRateThreshold { get; init; }

    public double? ErrorRatioThreshold { get; init; }
    public WindowValue? LongWindow { get; init; }
    public WindowValue? ShortWindow { get; init; }
    public required double BudgetSpent { get; init; }
    public required double BudgetRemaining { get; init; }

    /// <summary>The trace search (API path with query) behind the alert: the feature's failing traces in the long window.</summary>
    public required string TracesLink { get; init; }

    public bool IsActive => State != AlertState.Resolved;
}
