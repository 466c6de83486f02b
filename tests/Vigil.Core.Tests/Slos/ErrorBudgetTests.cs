using Vigil.Core.Slos;

namespace Vigil.Core.Tests.Slos;

public sealed class ErrorBudgetTests
{
    private static readonly TimeSpan ThirtyDays = TimeSpan.FromDays(30);

    [Fact]
    public void DefaultPairs_For30Days_Are14_4And6ToPage_3And1ForATicket_WithShortWindowsOfATwelfth()
    {
        var pairs = ErrorBudget.DefaultPairs(ThirtyDays);

        Assert.Equal([14.4, 6, 3, 1], pairs.Select(p => Math.Round(p.BurnRate, 10)));
        Assert.Equal(["page", "page", "ticket", "ticket"], pairs.Select(p => p.Severity));
        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromDays(1), TimeSpan.FromDays(3)], pairs.Select(p => p.LongWindow));
        Assert.Equal([TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6)], pairs.Select(p => p.ShortWindow));
    }

    [Theory]
    [InlineData(28, 13.44)]
    [InlineData(7, 3.36)]
    [InlineData(14, 6.72)]
    [InlineData(31, 14.88)]
    public void FastPageBurnRate_FollowsThePeriod(int days, double expected) =>
        Assert.Equal(expected, ErrorBudget.DefaultPairs(TimeSpan.FromDays(days))[0].BurnRate, 10);

    [Fact]
    public void BurnRate_IsTheErrorRatioOverTheBudget_AndTheBudgetLastsThePeriodOverIt()
    {
        Assert.Equal(10, ErrorBudget.BurnRate(0.01, 0.999), 10);
        Assert.Equal(TimeSpan.FromDays(3), ErrorBudget.TimeToExhaustion(ThirtyDays, 10));
        Assert.Null(ErrorBudget.TimeToExhaustion(ThirtyDays, 0));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(99.9)]
    [InlineData(double.NaN)]
    public void Objective_OutsideZeroToOne_IsRefusedNamingTheArgument(double objective) =>
        Assert.Equal("objective", Assert.Throws<ArgumentOutOfRangeException>(() => ErrorBudget.Of(objective)).ParamName);

    [Fact]
    public void DetectionTime_OfAConstantErrorRatio_IsThresholdOverRatioTimesTheLongWindow_AndNeverWhenUnder()
    {
        var fastPage = ErrorBudget.DefaultPairs(ThirtyDays)[0];

        // 99.9 %: threshold 14.4 × 0.001 = 1.44 %; 10 % errors fire after 0.144 h.
        Assert.Equal(0.144, fastPage.DetectionTime(0.999, 0.10)!.Value.TotalHours, 9);
        Assert.Null(fastPage.DetectionTime(0.999, 0.0144));
    }

    [Fact]
    public void WindowRatio_IsARatioOfSums_NotAMeanOfBucketRatios()
    {
        var window = EventCounts.Sum([new EventCounts(Good: 1000, Total: 1000), new EventCounts(Good: 5, Total: 10)]);

        Assert.Equal(5.0 / 1010, window.ErrorRatio, 12);
    }

    [Fact]
    public void Pair_FiresOnlyWhenBothWindowsBurn_AndTheLongWindowHasEnoughEvents()
    {
        var fastPage = ErrorBudget.DefaultPairs(ThirtyDays)[0];
        var burning = W(900, 1000);
        var calm = W(999, 1000);

        Assert.True(fastPage.Fires(0.999, burning, burning));
        Assert.False(fastPage.Fires(0.999, burning, calm)); // recovered: the short window clears it
        Assert.False(fastPage.Fires(0.999, calm, burning)); // a blip: the long window holds it back
        Assert.False(fastPage.Fires(0.999, W(2, 5), W(2, 5), minimumEvents: 50));
        Assert.True(fastPage.Fires(0.999, W(20, 50), W(2, 5), minimumEvents: 50));
    }

    private static WindowValue W(long good, long total) => WindowValue.OfEvents(TimeSpan.FromHours(1), new EventCounts(good, total));
}
