namespace Vigil.Core.Slos;

/// <summary>Error budgets and burn rates of an objective over a period.</summary>
public static class ErrorBudget
{
    /// <summary>Short windows are a twelfth of their long window, as the SRE Workbook recommends.</summary>
    public const int ShortWindowDivisor = 12;

    /// <summary>The error budget of an objective: <c>1 − objective</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The objective is not strictly between 0 and 1.</exception>
    public static double Of(double objective)
    {
        if (!(objective > 0 && objective < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(objective), objective, "an objective is a ratio strictly between 0 and 1, e.g. 0.999");
        }

        return 1 - objective;
    }

    /// <summary>The burn rate of an error ratio: <c>error ratio / (1 − objective)</c>; 1 spends the budget exactly over the period.</summary>
    public static double BurnRate(double errorRatio, double objective) => errorRatio / Of(objective);

    /// <summary>How long the whole budget lasts at <paramref name="burnRate"/>: <c>period / b</c>; null for a burn rate of 0.</summary>
    public static TimeSpan? TimeToExhaustion(TimeSpan period, double burnRate) => burnRate > 0 ? period / burnRate : null;

    /// <summary>
    /// The burn rate at which <paramref name="budgetShare"/> of a period's budget is spent within
    /// <paramref name="longWindow"/>: <c>b = f · T / W</c> (30 d: 2 % in 1 h → 14.4).
    /// </summary>
    public static double BurnRateFor(double budgetShare, TimeSpan period, TimeSpan longWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(longWindow, TimeSpan.Zero);
        if (!(budgetShare > 0 && budgetShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(budgetShare), budgetShare, "a budget share is in (0, 1]");
        }

        return budgetShare * (period / longWindow);
    }

    /// <summary>
    /// The four default pairs for <paramref name="period"/>: page when 2 % of the budget goes in 1 h
    /// or 5 % in 6 h; ticket when 10 % goes in 24 h or in 3 d; each with a short window of a twelfth.
    /// For 30 days the burn rates are 14.4, 6, 3 and 1; for 28 days 13.44, 5.6, 2.8 and 0.93.
    /// </summary>
    public static IReadOnlyList<BurnWindowPair> DefaultPairs(TimeSpan period) =>
    [
        Pair(BurnWindowPair.Page, 0.02, TimeSpan.FromHours(1), period),
        Pair(BurnWindowPair.Page, 0.05, TimeSpan.FromHours(6), period),
        Pair(BurnWindowPair.Ticket, 0.10, TimeSpan.FromDays(1), period),
        Pair(BurnWindowPair.Ticket, 0.10, TimeSpan.FromDays(3), period),
    ];

    private static BurnWindowPair Pair(string severity, double share, TimeSpan longWindow, TimeSpan period) =>
        new(severity, longWindow, longWindow / ShortWindowDivisor, BurnRateFor(share, period, longWindow), share);
}
