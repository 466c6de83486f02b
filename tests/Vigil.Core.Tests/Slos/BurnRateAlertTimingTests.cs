using Vigil.Core.Slos;

namespace Vigil.Core.Tests.Slos;

/// <summary>
/// The SRE Workbook's arithmetic, checked on a simulated clock: for a 99.9 % SLO over 30 days with a
/// constant error ratio e from a clean start, a pair fires after <c>t = b·(1−objective)/e · W_long</c>,
/// has then spent its budget share, and clears about a short window after the errors stop.
/// </summary>
public sealed class BurnRateAlertTimingTests
{
    // e is chosen per pair so that the pair's own detection time is what the test reads.
    public static TheoryData<string, double> Pairs => new()
    {
        { "1h/5m", 1.0 },
        { "1h/5m", 0.05 },
        { "6h/30m", 0.01 },
        { "1d/2h", 0.005 },
        { "3d/6h", 0.002 },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void EachPair_FiresWhenTheFormulaSays_WithinOneEvaluationInterval(string tier, double errorRatio)
    {
        var scenario = new SloScenario(SloScenario.Availability(), eventsPerSecond: 100) { ErrorRatio = errorRatio };
        var pair = ErrorBudget.DefaultPairs(TimeSpan.FromDays(30)).Single(p => p.Tier == tier);
        var expected = pair.DetectionTime(0.999, errorRatio)!.Value;

        var firedAt = scenario.RunUntil(s => s.Alerts.Any(a => a.Tier == tier && a.State == AlertState.Firing), expected * 2 + TimeSpan.FromMinutes(5));

        Assert.NotNull(firedAt);
        var detection = firedAt.Value - SloScenario.Start;
        Assert.InRange(detection, expected - scenario.Interval, expected + scenario.Interval);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void WhenAPairFires_ItHasSpentItsBudgetShare_WhateverTheErrorRatio(string tier, double errorRatio)
    {
        var scenario = new SloScenario(SloScenario.Availability(), eventsPerSecond: 100) { ErrorRatio = errorRatio };
        var pair = ErrorBudget.DefaultPairs(TimeSpan.FromDays(30)).Single(p => p.Tier == tier);

        scenario.RunUntil(s => s.Alerts.Any(a => a.Tier == tier && a.State == AlertState.Firing), TimeSpan.FromDays(4));

        var alert = scenario.Alert(tier)!;
        // One evaluation interval of errors is the most the quantised clock can add.
        var oneInterval = errorRatio * scenario.Interval.TotalSeconds / (0.001 * TimeSpan.FromDays(30).TotalSeconds);
        Assert.InRange(alert.BudgetSpent, pair.BudgetShare - oneInterval, pair.BudgetShare + oneInterval);
        Assert.Equal(pair.BurnRate, alert.BurnRateThreshold!.Value, 10);
        Assert.Equal(pair.BurnRate * 0.001, alert.ErrorRatioThreshold!.Value, 12);
    }

    [Fact]
    public void AfterRecovery_TheFastPageResolvesAboutAShortWindowLater()
    {
        var scenario = new SloScenario(SloScenario.Availability(), eventsPerSecond: 100) { ErrorRatio = 1.0 };
        scenario.RunUntil(s => s.Alerts.Any(a => a.Tier == "1h/5m" && a.State == AlertState.Firing), TimeSpan.FromMinutes(5));
        scenario.RunUntil(_ => false, TimeSpan.FromMinutes(2));
        var recovered = scenario.Now;
        scenario.ErrorRatio = 0;

        var resolvedAt = scenario.RunUntil(s => s.Alerts.Any(a => a.Tier == "1h/5m" && a.State == AlertState.Resolved), TimeSpan.FromHours(1));

        Assert.NotNull(resolvedAt);
        var shortWindow = TimeSpan.FromMinutes(5);
        // The short window counts whole minutes plus the current one, so it can lag by one minute.
        Assert.InRange(resolvedAt.Value - recovered, shortWindow - scenario.Interval, shortWindow + TimeSpan.FromMinutes(1) + scenario.Interval);
        var resolved = scenario.Status!.Alerts.Single(a => a.State == AlertState.Resolved);
        Assert.Equal(resolvedAt, resolved.ResolvedAt);
        Assert.NotNull(resolved.FiringAt);
    }

    [Fact]
    public void ABelowThresholdErrorRatio_NeverFires()
    {
        // 1 × budget: the slowest ticket needs more than that.
        var scenario = new SloScenario(SloScenario.Availability(), eventsPerSecond: 100) { ErrorRatio = 0.0009 };

        var fired = scenario.RunUntil(s => s.Alerts.Count > 0, TimeSpan.FromDays(4));

        Assert.Null(fired);
    }

    [Fact]
    public void Over28Days_TheFastPageUses13_44()
    {
        var scenario = new SloScenario(SloScenario.Availability(period: TimeSpan.FromDays(28))) { ErrorRatio = 1.0 };

        scenario.RunUntil(s => s.Alerts.Any(a => a.Tier == "1h/5m"), TimeSpan.FromMinutes(5));

        Assert.Equal(13.44, scenario.Alert("1h/5m")!.BurnRateThreshold!.Value, 10);
    }
}
