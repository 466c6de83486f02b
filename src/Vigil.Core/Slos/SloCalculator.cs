namespace Vigil.Core.Slos;

/// <summary>Budgets and window ratios of one SLO from its per-minute SLI history.</summary>
public static class SloCalculator
{
    /// <summary>The budget over the period <paramref name="now"/> falls in.</summary>
    public static BudgetReport Budget(SloDefinition slo, MinuteSeries series, DateTimeOffset now)
    {
        var (start, end) = slo.Window.Current(now);
        var fromMinute = MinuteSeries.MinuteOf(start);
        var current = MinuteSeries.MinuteOf(now);
        var events = series.Sum(fromMinute, current + 1);
        var budget = ErrorBudget.Of(slo.Objective);
        if (slo.Method == BudgetingMethod.Occurrences)
        {
            var sli = events.Total == 0 ? (double?)null : (double)events.Good / events.Total;
            var spent = events.Total == 0 ? 0 : events.Bad / (budget * events.Total);
            return new BudgetReport(start, end, events, EventCounts.None, sli, spent);
        }

        var slices = SliceStats(slo, series, fromMinute, current, SliceOrigin(slo, fromMinute));
        if (slo.Method == BudgetingMethod.Timeslices)
        {
            var slicesInPeriod = (end - start) / slo.SliceDuration;
            var sli = slices.Counted == 0 ? (double?)null : (double)slices.Good / slices.Counted;
            return new BudgetReport(start, end, events, new EventCounts(slices.Good, slices.Counted), sli, (slices.Counted - slices.Good) / (budget * slicesInPeriod));
        }

        var mean = slices.Counted == 0 ? (double?)null : slices.RatioSum / slices.Counted;
        return new BudgetReport(start, end, events, new EventCounts(slices.Good, slices.Counted), mean, mean is { } m ? (1 - m) / budget : 0);
    }

    /// <summary>
    /// The error ratio of the window of length <paramref name="window"/> ending now: bad events over
    /// events (Occurrences), bad slices over counted whole slices (Timeslices) or one minus the mean
    /// slice ratio (RatioTimeslices). <see cref="WindowValue.Events"/> always counts events.
    /// </summary>
    public static WindowValue Window(SloDefinition slo, MinuteSeries series, DateTimeOffset now, TimeSpan window)
    {
        var events = series.Window(now, window);
        if (slo.Method == BudgetingMethod.Occurrences)
        {
            return WindowValue.OfEvents(window, events);
        }

        var current = MinuteSeries.MinuteOf(now);
        var fromMinute = MinuteSeries.MinuteOf(now - window);
        var (periodStart, _) = slo.Window.Current(now);
        var slices = SliceStats(slo, series, fromMinute, current, SliceOrigin(slo, MinuteSeries.MinuteOf(periodStart)));
        var ratio = slices.Counted == 0 ? 0
            : slo.Method == BudgetingMethod.Timeslices ? (double)(slices.Counted - slices.Good) / slices.Counted
            : 1 - (slices.RatioSum / slices.Counted);
        return new WindowValue(window, events, ratio);
    }

    // Calendar periods cut slices from their start; rolling ones from multiples of the slice length.
    private static long SliceOrigin(SloDefinition slo, long periodStartMinute) =>
        slo.Window.IsRolling ? 0 : periodStartMinute;

    /// <summary>Whole slices starting at or after <paramref name="fromMinute"/> and ending by <paramref name="currentMinute"/> (the minute in progress is not whole).</summary>
    private static SliceTally SliceStats(SloDefinition slo, MinuteSeries series, long fromMinute, long currentMinute, long origin)
    {
        var length = (long)slo.SliceDuration.TotalMinutes;
        var offset = ((fromMinute - origin) % length + length) % length;
        var first = offset == 0 ? fromMinute : fromMinute + (length - offset);
        var target = slo.SliceTarget ?? slo.Objective;
        var tally = new SliceTally();
        for (var slice = first; slice + length <= currentMinute; slice += length)
        {
            var counts = series.Sum(slice, slice + length);
            if (counts.Total == 0)
            {
                continue;
            }

            var ratio = (double)counts.Good / counts.Total;
            tally.Counted++;
            tally.RatioSum += ratio;
            if (ratio >= target)
            {
                tally.Good++;
            }
        }

        return tally;
    }

    private struct SliceTally
    {
        public long Counted;
        public long Good;
        public double RatioSum;
    }
}
