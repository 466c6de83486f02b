namespace Vigil.Core.Slos;

/// <summary>How an SLO alerts: its burn-rate pairs, the low-traffic guard, pending time and the budget-exhausted alert.</summary>
public sealed record SloAlerting
{
    /// <summary>Fewer events than this in a pair's long window never fire it (three failures out of five requests at night must not page).</summary>
    public const long DefaultMinimumEvents = 10;

    /// <summary>The pairs; null for the four defaults derived from the period (<see cref="ErrorBudget.DefaultPairs"/>).</summary>
    public IReadOnlyList<AlertPairSpec>? Pairs { get; init; }

    public long MinimumEvents { get; init; } = DefaultMinimumEvents;

    /// <summary>How long a condition must hold before its alert goes from pending to firing (0: at once).</summary>
    public TimeSpan PendingFor { get; init; }

    /// <summary>Whether an alert fires once the budget is spent, and at which severity.</summary>
    public bool BudgetExhausted { get; init; } = true;

    public string BudgetExhaustedSeverity { get; init; } = BurnWindowPair.Ticket;

    /// <summary>The pairs in force for a period of <paramref name="period"/>, fastest first.</summary>
    public IReadOnlyList<BurnWindowPair> PairsFor(TimeSpan period) =>
        Pairs is null
            ? ErrorBudget.DefaultPairs(period)
            : [.. Pairs.Select(p => p.Resolve(period)).OrderBy(p => p.LongWindow)];
}

/// <summary>
/// One configured pair: a long window, its short window (a twelfth when not given) and either the
/// burn rate itself or the budget share to spend within the long window (<c>b = f · T / W</c>).
/// </summary>
public sealed record AlertPairSpec(string Severity, TimeSpan LongWindow, TimeSpan? ShortWindow = null, double? BurnRate = null, double? BudgetShare = null)
{
    public BurnWindowPair Resolve(TimeSpan period)
    {
        var shortWindow = ShortWindow ?? LongWindow / ErrorBudget.ShortWindowDivisor;
        if (BurnRate is { } rate)
        {
            return new BurnWindowPair(Severity, LongWindow, shortWindow, rate, rate * (LongWindow / period));
        }

        var share = BudgetShare ?? throw new InvalidOperationException("an alert pair needs a burn rate or a budget share");
        return new BurnWindowPair(Severity, LongWindow, shortWindow, ErrorBudget.BurnRateFor(share, period, LongWindow), share);
    }

    public IEnumerable<string> Validate(string path)
    {
        if (Severity is not (BurnWindowPair.Page or BurnWindowPair.Ticket))
        {
            yield return $"{path}.severity: '{Severity}' is not page or ticket";
        }

        if (LongWindow < TimeSpan.FromMinutes(1))
        {
            yield return $"{path}.longWindow: must be at least 1m";
        }

        if (ShortWindow is { } s && (s < TimeSpan.FromMinutes(1) || s > LongWindow))
        {
            yield return $"{path}.shortWindow: must be between 1m and the long window";
        }

        if (BurnRate is null == BudgetShare is null)
        {
            yield return $"{path}: give exactly one of burnRate or budgetShare";
        }
        else if (BurnRate is { } b && !(b > 0))
        {
            yield return $"{path}.burnRate: must be positive";
        }
        else if (BudgetShare is { } f && !(f > 0 && f <= 1))
        {
            yield return $"{path}.budgetShare: must be in (0, 1]";
        }
    }
}
