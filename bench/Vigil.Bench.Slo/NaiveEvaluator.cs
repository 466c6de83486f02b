using Vigil.Core.Slos;

namespace Vigil.Bench.Slo;

/// <summary>What the naive evaluation of one SLO found: the budget and every alert window, and how many pairs fire.</summary>
internal sealed record NaiveResult(EventCounts BudgetEvents, EventCounts BudgetSlices, double BudgetSpent, List<(TimeSpan Window, EventCounts Events, double ErrorRatio)> Windows, int PairsFiring);

/// <summary>
/// The baseline: the same budget and window ratios as <see cref="SloCalculator"/>, each summed minute by
/// minute from <see cref="MinuteSeries.At"/> — no hourly subtotals, nothing shared between windows.
/// It computes no alert state and builds no <see cref="SloStatus"/>, so it does less than
/// <see cref="SloRuntime.Evaluate"/> besides the sums.
/// </summary>
internal static class NaiveEvaluator
{
    public static NaiveResult Evaluate(SloDefinition slo, MinuteSeries series, DateTimeOffset now)
    {
        var current = MinuteSeries.MinuteOf(now);
        var (start, end) = slo.Window.Current(now);
        var periodStart = MinuteSeries.MinuteOf(start);
        var origin = slo.Window.IsRolling ? 0 : periodStart;
        var budget = ErrorBudget.Of(slo.Objective);
        var events = Sum(series, periodStart, current + 1);
        EventCounts slices;
        double spent;
        if (slo.Method == BudgetingMethod.Occurrences)
        {
            slices = EventCounts.None;
            spent = events.Total == 0 ? 0 : events.Bad / (budget * events.Total);
        }
        else
        {
            var (counted, good, ratioSum) = Slices(slo, series, periodStart, current, origin);
            slices = new EventCounts(good, counted);
            spent = slo.Method == BudgetingMethod.Timeslices
                ? (counted - good) / (budget * ((end - start) / slo.SliceDuration))
                : counted == 0 ? 0 : (1 - (ratioSum / counted)) / budget;
        }

        var pairs = slo.Alerting.PairsFor(slo.Window.PeriodAt(now));
        var windows = new List<(TimeSpan Window, EventCounts Events, double ErrorRatio)>();
        var firing = 0;
        foreach (var pair in pairs)
        {
            var longWindow = Window(slo, series, now, current, origin, pair.LongWindow);
            var shortWindow = Window(slo, series, now, current, origin, pair.ShortWindow);
            AddDistinct(windows, longWindow);
            AddDistinct(windows, shortWindow);
            if (pair.Fires(slo.Objective, new WindowValue(pair.LongWindow, longWindow.Events, longWindow.ErrorRatio),
                new WindowValue(pair.ShortWindow, shortWindow.Events, shortWindow.ErrorRatio), slo.Alerting.MinimumEvents))
            {
                firing++;
            }
        }

        windows.Sort((a, b) => a.Window.CompareTo(b.Window));
        return new NaiveResult(events, slices, spent, windows, firing);
    }

    /// <summary>Whether <paramref name="status"/> (from <see cref="SloRuntime.Evaluate"/> at the same instant) says the same; the first difference otherwise.</summary>
    public static string? Difference(NaiveResult naive, SloStatus status)
    {
        if (naive.BudgetEvents != status.Budget.Events || (status.Definition.Method != BudgetingMethod.Occurrences && naive.BudgetSlices != status.Budget.Slices))
        {
            return $"budget events {naive.BudgetEvents}/{naive.BudgetSlices} vs {status.Budget.Events}/{status.Budget.Slices}";
        }

        if (!Close(naive.BudgetSpent, status.Budget.BudgetSpent))
        {
            return $"budget spent {naive.BudgetSpent} vs {status.Budget.BudgetSpent}";
        }

        if (naive.Windows.Count != status.Windows.Count)
        {
            return $"{naive.Windows.Count} windows vs {status.Windows.Count}";
        }

        for (var i = 0; i < naive.Windows.Count; i++)
        {
            var (window, events, ratio) = naive.Windows[i];
            var w = status.Windows[i];
            if (window != w.Window || events != w.Events || !Close(ratio, w.ErrorRatio))
            {
                return $"window {window}: {events} {ratio} vs {w.Window}: {w.Events} {w.ErrorRatio}";
            }
        }

        return null;
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(a));

    private static void AddDistinct(List<(TimeSpan Window, EventCounts Events, double ErrorRatio)> windows, (TimeSpan Window, EventCounts Events, double ErrorRatio) value)
    {
        if (!windows.Exists(w => w.Window == value.Window))
        {
            windows.Add(value);
        }
    }

    private static (TimeSpan Window, EventCounts Events, double ErrorRatio) Window(
        SloDefinition slo, MinuteSeries series, DateTimeOffset now, long current, long origin, TimeSpan window)
    {
        var from = MinuteSeries.MinuteOf(now - window);
        var events = Sum(series, from, current + 1);
        if (slo.Method == BudgetingMethod.Occurrences)
        {
            return (window, events, events.ErrorRatio);
        }

        var (counted, good, ratioSum) = Slices(slo, series, from, current, origin);
        var ratio = counted == 0 ? 0
            : slo.Method == BudgetingMethod.Timeslices ? (double)(counted - good) / counted
            : 1 - (ratioSum / counted);
        return (window, events, ratio);
    }

    private static (long Counted, long Good, double RatioSum) Slices(SloDefinition slo, MinuteSeries series, long from, long current, long origin)
    {
        var length = (long)slo.SliceDuration.TotalMinutes;
        var offset = (((from - origin) % length) + length) % length;
        var first = offset == 0 ? from : from + (length - offset);
        var target = slo.SliceTarget ?? slo.Objective;
        long counted = 0, good = 0;
        var ratioSum = 0.0;
        for (var slice = first; slice + length <= current; slice += length)
        {
            var counts = Sum(series, slice, slice + length);
            if (counts.Total == 0)
            {
                continue;
            }

            var ratio = (double)counts.Good / counts.Total;
            counted++;
            ratioSum += ratio;
            good += ratio >= target ? 1 : 0;
        }

        return (counted, good, ratioSum);
    }

    private static EventCounts Sum(MinuteSeries series, long from, long to)
    {
        long good = 0, total = 0;
        for (var minute = from; minute < to; minute++)
        {
            var counts = series.At(minute);
            good += counts.Good;
            total += counts.Total;
        }

        return new EventCounts(good, total);
    }
}
