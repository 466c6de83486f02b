namespace Vigil.Core.Slos;

/// <summary>An SLO as of one evaluation: the SLI now, the budget, the burn rate per alert window, time to exhaustion and its alerts.</summary>
public sealed record SloStatus
{
    public required SloDefinition Definition { get; init; }
    public required DateTimeOffset EvaluatedAt { get; init; }
    public required BudgetReport Budget { get; init; }

    /// <summary>Every distinct alert window (long and short) with its ratio and burn rate, shortest first.</summary>
    public required IReadOnlyList<WindowValue> Windows { get; init; }

    /// <summary>The burn-rate pairs in force for the period at this evaluation, fastest first.</summary>
    public required IReadOnlyList<BurnWindowPair> Pairs { get; init; }

    /// <summary>The burn rate over the fastest pair's long window (0 without pairs).</summary>
    public double BurnRate { get; init; }

    /// <summary>How long the remaining budget lasts at the fastest long window's burn rate; null when not burning or already spent.</summary>
    public TimeSpan? TimeToExhaustion { get; init; }

    public required IReadOnlyList<SloAlert> Alerts { get; init; }

    /// <summary>firing, pending or ok: the most urgent state among the active, unsuppressed alerts.</summary>
    public string AlertState =>
        Alerts.Any(a => a.State == Slos.AlertState.Firing && a.SuppressedBy is null) ? "firing"
        : Alerts.Any(a => a.State == Slos.AlertState.Pending) ? "pending"
        : "ok";
}
