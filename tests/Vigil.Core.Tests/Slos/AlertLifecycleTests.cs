using Vigil.Core.Slos;

namespace Vigil.Core.Tests.Slos;

public sealed class AlertLifecycleTests
{
    [Fact]
    public void WithAPendingTime_AnAlertIsPendingFirst_ThenFiresOnceTheConditionHeldThatLong()
    {
        var scenario = new SloScenario(SloScenario.Availability(alerting: new SloAlerting { PendingFor = TimeSpan.FromMinutes(2) }), eventsPerSecond: 10) { ErrorRatio = 1 };

        var pendingAt = scenario.RunUntil(s => s.Alerts.Any(a => a.Tier == "1h/5m"), TimeSpan.FromMinutes(5));
        Assert.Equal(AlertState.Pending, scenario.Alert("1h/5m")!.State);
        Assert.Equal("pending", scenario.Status!.AlertState);
        var firingAt = scenario.RunUntil(s => s.Alerts.Any(a => a.Tier == "1h/5m" && a.State == AlertState.Firing), TimeSpan.FromMinutes(5));

        Assert.Equal(pendingAt + TimeSpan.FromMinutes(2), firingAt);
        var alert = scenario.Alert("1h/5m")!;
        Assert.Equal(pendingAt, alert.ActiveAt);
        Assert.Equal(firingAt, alert.FiringAt);
        Assert.Equal("firing", scenario.Status!.AlertState);
    }

    [Fact]
    public void APendingAlertWhoseConditionStops_IsDropped_NotResolved()
    {
        var scenario = new SloScenario(SloScenario.Availability(alerting: new SloAlerting { PendingFor = TimeSpan.FromHours(1) }), eventsPerSecond: 10) { ErrorRatio = 1 };
        scenario.RunUntil(s => s.Alerts.Any(a => a.Tier == "1h/5m"), TimeSpan.FromMinutes(5));
        scenario.ErrorRatio = 0;

        scenario.RunUntil(_ => false, TimeSpan.FromMinutes(10));

        Assert.DoesNotContain(scenario.Status!.Alerts, a => a.Tier == "1h/5m");
    }

    [Fact]
    public void AFiringFastTier_SuppressesTheSlowerFiringTiers_OfTheSameSlo()
    {
        var scenario = new SloScenario(SloScenario.Availability(), eventsPerSecond: 10) { ErrorRatio = 1 };

        scenario.RunUntil(s => s.Alerts.Count(a => a.State == AlertState.Firing) == 4, TimeSpan.FromMinutes(30));

        var alerts = scenario.Status!.Alerts.Where(a => a.Kind == AlertKind.BurnRate).ToList();
        Assert.Equal(["1h/5m", "6h/30m", "1d/2h", "3d/6h"], alerts.Select(a => a.Tier));
        Assert.Null(alerts[0].SuppressedBy);
        Assert.All(alerts.Skip(1), a => Assert.Equal(alerts[0].Id, a.SuppressedBy));
        Assert.Equal(["page", "page", "ticket", "ticket"], alerts.Select(a => a.Severity));
    }

    [Fact]
    public void TheLowTrafficGuard_KeepsAFewFailuresAtNightFromPaging()
    {
        // 5 requests an hour, 3 failing: 60 % errors, far over any threshold, but too few to page.
        var guarded = Night(new SloAlerting());
        var unguarded = Night(new SloAlerting { MinimumEvents = 0 });

        Assert.DoesNotContain(guarded.Alerts, a => a.Kind == AlertKind.BurnRate);
        Assert.Contains(unguarded.Alerts, a => a.Tier == "1h/5m" && a.State == AlertState.Firing);
    }

    [Fact]
    public void SpendingTheWholeBudget_FiresTheBudgetExhaustedAlert_AtItsSeverity()
    {
        var slo = SloScenario.Availability(period: TimeSpan.FromDays(7), alerting: new SloAlerting { BudgetExhaustedSeverity = "page" });
        var scenario = new SloScenario(slo, cleanHistory: TimeSpan.FromDays(7), eventsPerSecond: 10) { ErrorRatio = 0.5 };

        var exhaustedAt = scenario.RunUntil(s => s.Alerts.Any(a => a.Kind == AlertKind.BudgetExhausted), TimeSpan.FromHours(1));

        Assert.NotNull(exhaustedAt);
        var alert = scenario.Status!.Alerts.Single(a => a.Kind == AlertKind.BudgetExhausted);
        Assert.Equal("page", alert.Severity);
        Assert.Equal("budget", alert.Tier);
        Assert.True(alert.BudgetRemaining <= 0);
        // 7 days × 0.1 % budget at 50 % errors: exhausted after 7d × 0.001 / 0.5 ≈ 20.2 minutes.
        Assert.InRange((exhaustedAt.Value - SloScenario.Start).TotalMinutes, 19.5, 21);
    }

    [Fact]
    public void EveryAlert_CarriesItsWindows_Thresholds_Budget_AndALinkToTheFailingTraces()
    {
        var scenario = new SloScenario(SloScenario.Availability(), eventsPerSecond: 10) { ErrorRatio = 1 };

        scenario.RunUntil(s => s.Alerts.Any(a => a.State == AlertState.Firing), TimeSpan.FromMinutes(5));

        var alert = scenario.Alert("1h/5m")!;
        Assert.Equal(TimeSpan.FromHours(1), alert.LongWindow!.Window);
        Assert.Equal(TimeSpan.FromMinutes(5), alert.ShortWindow!.Window);
        Assert.True(alert.LongWindow.ErrorRatio > alert.ErrorRatioThreshold);
        Assert.True(alert.ShortWindow.ErrorRatio > alert.ErrorRatioThreshold);
        Assert.True(alert.LongWindow.Events.Total > 0);
        Assert.True(alert.BudgetSpent > 0);
        Assert.StartsWith("/api/v1/traces?from=", alert.TracesLink, StringComparison.Ordinal);
        Assert.Contains("feature=support-chat", alert.TracesLink, StringComparison.Ordinal);
        Assert.Contains("status=error", alert.TracesLink, StringComparison.Ordinal);
    }

    [Fact]
    public void AFiringAfterResolution_IsANewAlert()
    {
        var scenario = new SloScenario(SloScenario.Availability(), eventsPerSecond: 10) { ErrorRatio = 1 };
        scenario.RunUntil(s => scenario.Alert("1h/5m")?.State == AlertState.Firing, TimeSpan.FromMinutes(5));
        var first = scenario.Alert("1h/5m")!.Id;
        scenario.ErrorRatio = 0;
        scenario.RunUntil(s => s.Alerts.Any(a => a.Tier == "1h/5m" && a.State == AlertState.Resolved), TimeSpan.FromMinutes(20));
        scenario.ErrorRatio = 1;

        scenario.RunUntil(s => scenario.Alert("1h/5m")?.State == AlertState.Firing, TimeSpan.FromMinutes(30));

        Assert.NotEqual(first, scenario.Alert("1h/5m")!.Id);
        Assert.Contains(scenario.Status!.Alerts, a => a.Id == first && a.State == AlertState.Resolved);
    }

    private static SloStatus Night(SloAlerting alerting)
    {
        var runtime = new SloRuntime(SloScenario.Availability(alerting: alerting));
        var now = SloScenario.Start;
        var minute = MinuteSeries.MinuteOf(now);
        runtime.AddMinute(minute - 50, 0, 1);
        runtime.AddMinute(minute - 30, 1, 1);
        runtime.AddMinute(minute - 20, 0, 1);
        runtime.AddMinute(minute - 10, 1, 1);
        runtime.AddMinute(minute - 1, 0, 1);
        return runtime.Evaluate(now);
    }
}
