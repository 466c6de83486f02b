namespace Vigil.Core.Slos;

/// <summary>
/// An SLO's standing over its current period. <see cref="Sli"/> is good events over all events
/// (Occurrences), good slices over counted slices (Timeslices) or the mean slice ratio
/// (RatioTimeslices); null before the period has any event.
/// </summary>
public sealed record BudgetReport(
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    EventCounts Events,
    EventCounts Slices,
    double? Sli,
    double BudgetSpent)
{
    /// <summary>The share of the budget left; negative once overspent.</summary>
    public double BudgetRemaining => 1 - BudgetSpent;
}

/// <summary>The events and the error ratio of one alert window, counted the way the SLO counts its budget.</summary>
public sealed record WindowValue(TimeSpan Window, EventCounts Events, double ErrorRatio)
{
    /// <summary>A window counted in events (Occurrences): its error ratio is bad over total.</summary>
    public static WindowValue OfEvents(TimeSpan window, EventCounts events) => new(window, events, events.ErrorRatio);

    public double BurnRate(double objective) => ErrorBudget.BurnRate(ErrorRatio, objective);
}
