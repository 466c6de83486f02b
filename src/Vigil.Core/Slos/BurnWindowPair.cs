namespace Vigil.Core.Slos;

/// <summary>
/// One multiwindow burn-rate alert condition (Google SRE Workbook, "Alerting on SLOs"): it fires when
/// the error ratio over both <see cref="LongWindow"/> and <see cref="ShortWindow"/> exceeds
/// <see cref="BurnRate"/> × the error budget. <see cref="BudgetShare"/> is the share of the period's
/// budget spent by the time it fires.
/// </summary>
/// <param name="Severity">"page" or "ticket"; pairs of one severity are OR-ed.</param>
public sealed record BurnWindowPair(string Severity, TimeSpan LongWindow, TimeSpan ShortWindow, double BurnRate, double BudgetShare)
{
    public const string Page = "page";
    public const string Ticket = "ticket";

    /// <summary>The tier label of the pair's alerts: its long and short window, e.g. "1h/5m".</summary>
    public string Tier => $"{Text.Durations.Format(LongWindow)}/{Text.Durations.Format(ShortWindow)}";

    /// <summary>The error ratio both windows must exceed for an SLO with <paramref name="objective"/>.</summary>
    public double Threshold(double objective) => BurnRate * ErrorBudget.Of(objective);

    /// <summary>
    /// Whether the pair fires: both windows over the threshold, and the long window holding at least
    /// <paramref name="minimumEvents"/> events (the low-traffic guard: three failures out of five
    /// requests at night must not page).
    /// </summary>
    public bool Fires(double objective, WindowValue longWindow, WindowValue shortWindow, long minimumEvents = 0)
    {
        var threshold = Threshold(objective);
        return longWindow.Events.Total >= Math.Max(1, minimumEvents)
            && shortWindow.Events.Total > 0
            && longWindow.ErrorRatio > threshold
            && shortWindow.ErrorRatio > threshold;
    }

    /// <summary>
    /// How long after a clean start a constant error ratio <paramref name="errorRatio"/> takes to fire
    /// this pair: <c>threshold / e × long window</c>; null when it never fires (e at or under the threshold).
    /// </summary>
    public TimeSpan? DetectionTime(double objective, double errorRatio)
    {
        var threshold = Threshold(objective);
        return errorRatio > threshold ? LongWindow * (threshold / errorRatio) : null;
    }
}
