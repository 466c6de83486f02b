using Vigil.Core.Slos;

namespace Vigil.Core.Tests.Slos;

public sealed class SloWindowAndDefinitionTests
{
    [Fact]
    public void ACalendarMonth_RunsFromTheFirstToTheFirst_InItsTimeZone()
    {
        var tokyo = TimeZoneInfo.CreateCustomTimeZone("UTC+9", TimeSpan.FromHours(9), "UTC+9", "UTC+9");
        var window = SloTimeWindow.CalendarMonth(tokyo);

        var (start, end) = window.Current(new DateTimeOffset(2026, 2, 28, 16, 0, 0, TimeSpan.Zero)); // 1 March 01:00 in Tokyo

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(9)), start);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.FromHours(9)), end);
        Assert.Equal(TimeSpan.FromDays(28), SloTimeWindow.CalendarMonth().PeriodAt(new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void ACalendarWindowOfFixedLength_CountsPeriodsFromItsAnchor()
    {
        var monday = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        var window = SloTimeWindow.Calendar(TimeSpan.FromDays(14), monday);

        var (start, end) = window.Current(new DateTimeOffset(2026, 1, 20, 9, 0, 0, TimeSpan.Zero));

        Assert.Equal(monday.AddDays(14), start);
        Assert.Equal(monday.AddDays(28), end);
    }

    [Fact]
    public void ACalendarBudget_StartsAfreshWithEachPeriod()
    {
        var slo = SloScenario.Availability() with { Window = SloTimeWindow.CalendarMonth() };
        var runtime = new SloRuntime(slo);
        var lastOfOctober = MinuteSeries.MinuteOf(new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero));
        runtime.AddMinute(lastOfOctober, 0, 100);
        runtime.AddMinute(lastOfOctober + 61, 100, 100);

        var november = runtime.Evaluate(new DateTimeOffset(2026, 11, 1, 0, 30, 0, TimeSpan.Zero));
        var october = runtime.Evaluate(new DateTimeOffset(2026, 10, 31, 23, 59, 0, TimeSpan.Zero));

        Assert.Equal(new EventCounts(100, 100), november.Budget.Events);
        Assert.Equal(1.0, november.Budget.BudgetRemaining);
        Assert.Equal(new EventCounts(0, 100), october.Budget.Events);
    }

    [Fact]
    public void CustomPairs_DeriveTheirBurnRateFromTheBudgetShareAndThePeriod()
    {
        var alerting = new SloAlerting { Pairs = [new AlertPairSpec("page", TimeSpan.FromHours(2), BudgetShare: 0.05)] };

        var pair = Assert.Single(alerting.PairsFor(TimeSpan.FromDays(7)));

        Assert.Equal(0.05 * 84, pair.BurnRate, 10); // 7 d / 2 h = 84 windows
        Assert.Equal(TimeSpan.FromMinutes(10), pair.ShortWindow);
    }

    [Fact]
    public void Validate_NamesEachBadField()
    {
        var slo = new SloDefinition
        {
            Name = "Bad Name",
            Indicator = new SliDefinition { Kind = SliKind.Latency, Scope = new SliScope { Feature = "" } },
            Objective = 1.5,
            Window = SloTimeWindow.Rolling(TimeSpan.FromDays(30)),
            Method = BudgetingMethod.Timeslices,
            SliceDuration = TimeSpan.FromSeconds(90),
            Alerting = new SloAlerting { Pairs = [new AlertPairSpec("urgent", TimeSpan.FromHours(1))] },
        };

        var errors = slo.Validate();

        Assert.Contains(errors, e => e.StartsWith("name:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("objective:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("indicator.feature:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("indicator.threshold:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("timeSliceWindow:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("timeSliceTarget:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("alerting.pairs[0].severity:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("alerting.pairs[0]: give exactly one", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSeriesRefusesMinutesOlderThanItsHorizon_AndEventsFarAheadOfTheClockAreDropped()
    {
        var series = new MinuteSeries(TimeSpan.FromMinutes(10));
        Assert.True(series.Add(100, 1, 1));
        Assert.False(series.Add(100 - series.Capacity, 1, 1));
        Assert.True(series.Add(95, 1, 2));
        Assert.Equal(new EventCounts(2, 3), series.Sum(90, 101));

        var runtime = new SloRuntime(SloScenario.Availability());
        var now = SloScenario.Start;
        runtime.Observe(new SliSpan { ProjectId = "default", TraceId = "t", Feature = "support-chat", StartUnixNano = (now + TimeSpan.FromHours(2)).ToUnixTimeMilliseconds() * 1_000_000 }, now);
        Assert.Equal(1, runtime.DroppedEvents);
        Assert.Equal(0, runtime.TotalEvents);
    }
}
