using Vigil.Core.Slos;

namespace Vigil.Core.Tests.Slos;

/// <summary>
/// The three OpenSLO budgeting methods on OpenSLO's example shape: two weeks, 95 %, one-minute slices.
/// 20,160 minutes of 100 events; 19,660 of them 99 good, 500 of them 50 good.
/// </summary>
public sealed class BudgetingMethodTests
{
    private const int Minutes = 14 * 24 * 60;
    private const int BadMinutes = 500;
    private static readonly DateTimeOffset End = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Occurrences_CountsGoodEventsOverAllEvents()
    {
        var report = Budget(BudgetingMethod.Occurrences);

        var good = ((Minutes - BadMinutes) * 99L) + (BadMinutes * 50L);
        Assert.Equal(new EventCounts(good, Minutes * 100L), report.Events);
        Assert.Equal((double)good / (Minutes * 100L), report.Sli!.Value, 12);
        // Bad events over the bad events allowed: 5 % of all events.
        Assert.Equal((Minutes * 100L - good) / (0.05 * Minutes * 100L), report.BudgetSpent, 9);
    }

    [Fact]
    public void Timeslices_CountsGoodMinutesOverAllMinutes_AgainstABudgetOfTheWholePeriodsSlices()
    {
        var report = Budget(BudgetingMethod.Timeslices, sliceTarget: 0.95);

        Assert.Equal(new EventCounts(Minutes - BadMinutes, Minutes), report.Slices);
        Assert.Equal((double)(Minutes - BadMinutes) / Minutes, report.Sli!.Value, 12);
        Assert.Equal(BadMinutes / (0.05 * Minutes), report.BudgetSpent, 9); // 500 of 1,008 bad minutes allowed
    }

    [Fact]
    public void RatioTimeslices_AveragesTheMinutesRatios()
    {
        var report = Budget(BudgetingMethod.RatioTimeslices);

        var mean = (((Minutes - BadMinutes) * 0.99) + (BadMinutes * 0.5)) / Minutes;
        Assert.Equal(mean, report.Sli!.Value, 12);
        Assert.Equal((1 - mean) / 0.05, report.BudgetSpent, 9);
    }

    [Fact]
    public void RatioOfSums_DiffersFromMeanOfRatios_OnUnevenTraffic()
    {
        // The algorithms' example: buckets (1000 events, 0 bad) and (10 events, 5 bad).
        var occurrences = Slo(BudgetingMethod.Occurrences);
        var series = new MinuteSeries(TimeSpan.FromDays(15));
        var now = End;
        series.Add(MinuteSeries.MinuteOf(now) - 3, 1000, 1000);
        series.Add(MinuteSeries.MinuteOf(now) - 2, 5, 10);

        var ratioOfSums = SloCalculator.Window(occurrences, series, now, TimeSpan.FromMinutes(5));
        var meanOfRatios = SloCalculator.Window(Slo(BudgetingMethod.RatioTimeslices), series, now, TimeSpan.FromMinutes(5));

        Assert.Equal(5.0 / 1010, ratioOfSums.ErrorRatio, 12); // 0.495 %
        Assert.Equal(0.25, meanOfRatios.ErrorRatio, 12);      // 25 %
    }

    [Fact]
    public void Timeslices_CutFiveMinuteSlices_AndIgnoreSlicesWithoutEvents()
    {
        var slo = Slo(BudgetingMethod.Timeslices, sliceTarget: 0.9) with { SliceDuration = TimeSpan.FromMinutes(5) };
        var series = new MinuteSeries(TimeSpan.FromDays(15));
        var first = MinuteSeries.MinuteOf(End) - 20; // a multiple of 5: slices are aligned to it
        series.Add(first, 10, 10);      // slice 1: 10/10 good
        series.Add(first + 5, 8, 10);   // slice 2: 8/10 → bad at target 0.9
        series.Add(first + 6, 10, 10);  // slice 2 total 18/20 = 0.9 → good after all (ratio ≥ target)
        series.Add(first + 12, 0, 1);   // slice 3: bad; slice 4 empty: not counted

        var report = SloCalculator.Budget(slo, series, End);

        Assert.Equal(new EventCounts(2, 3), report.Slices);
    }

    private static BudgetReport Budget(BudgetingMethod method, double? sliceTarget = null)
    {
        var slo = Slo(method, sliceTarget);
        var series = new MinuteSeries(slo.Horizon);
        var first = MinuteSeries.MinuteOf(End) - Minutes;
        for (var i = 0; i < Minutes; i++)
        {
            series.Add(first + i, i % 40 == 0 && i / 40 < BadMinutes ? 50 : 99, 100);
        }

        return SloCalculator.Budget(slo, series, End);
    }

    private static SloDefinition Slo(BudgetingMethod method, double? sliceTarget = null) => new()
    {
        Name = "example",
        Indicator = new SliDefinition { Kind = SliKind.Availability, Scope = new SliScope { Feature = "f" } },
        Objective = 0.95,
        Window = SloTimeWindow.Rolling(TimeSpan.FromDays(14)),
        Method = method,
        SliceTarget = sliceTarget,
    };
}
