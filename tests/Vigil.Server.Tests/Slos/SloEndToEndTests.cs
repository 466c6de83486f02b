using System.Text.Json;
using Vigil.Core.Slos;

namespace Vigil.Server.Tests.Slos;

/// <summary>Every SLI kind, from OTLP spans through the store to a firing alert on the API.</summary>
public sealed class SloEndToEndTests(SloEndToEndFixture fixture) : IClassFixture<SloEndToEndFixture>
{
    [Theory]
    [MemberData(nameof(SloCases.Names), MemberType = typeof(SloCases))]
    public void WhileHealthy_TheSliIsPerfect_AndNothingAlerts(string name)
    {
        var status = fixture.Healthy.Single(s => s.Definition.Name == name);

        Assert.Equal(1.0, status.Budget.Sli);
        Assert.True(status.Budget.Events.Total >= 50, $"{name} counted {status.Budget.Events.Total} events");
        Assert.Equal(1.0, status.Budget.BudgetRemaining);
        Assert.Empty(status.Alerts);
        Assert.Equal("ok", status.AlertState);
    }

    [Theory]
    [MemberData(nameof(SloCases.Names), MemberType = typeof(SloCases))]
    public void WhenEveryTaskGoesBad_TheFastPageFires_WithItsEvidence(string name)
    {
        var status = fixture.Degraded.Single(s => s.Definition.Name == name);

        var page = Assert.Single(status.Alerts, a => a.Tier == "1h/5m");
        Assert.Equal(AlertState.Firing, page.State);
        Assert.Equal("page", page.Severity);
        Assert.True(page.LongWindow!.ErrorRatio > page.ErrorRatioThreshold);
        Assert.True(status.Budget.Sli < 1);
        Assert.True(status.Budget.BudgetSpent > 0);
        Assert.Equal("firing", status.AlertState);
    }

    [Fact]
    public void ACostPerTaskSlo_CountsTasksNotCalls()
    {
        var status = fixture.Degraded.Single(s => s.Definition.Name == SloCases.CostPerTask.Name);

        // 6 tasks a minute for 15 minutes, each of two priced calls under one root.
        Assert.Equal(90, status.Budget.Events.Total);
        Assert.Equal(30, status.Budget.Events.Bad);
    }

    [Fact]
    public void APerStageLatencySlo_CountsOnlyItsStage()
    {
        var status = fixture.Degraded.Single(s => s.Definition.Name == SloCases.StageLatency.Name);

        Assert.Equal(90, status.Budget.Events.Total);
        Assert.Contains("minLatencyMs=300", status.Alerts[0].TracesLink, StringComparison.Ordinal);
        Assert.Contains("stage=retrieval", status.Alerts[0].TracesLink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApi_ListsTheSlos_TheirBurnRates_AndTheFiringAlerts()
    {
        using var list = JsonDocument.Parse(await fixture.Server.Http.GetStringAsync("/api/v1/slos"));
        using var detail = JsonDocument.Parse(await fixture.Server.Http.GetStringAsync("/api/v1/slos/qa-availability"));
        using var alerts = JsonDocument.Parse(await fixture.Server.Http.GetStringAsync("/api/v1/alerts?state=firing&severity=page"));
        using var missing = await fixture.Server.Http.GetAsync("/api/v1/slos/no-such-slo");
        using var badState = await fixture.Server.Http.GetAsync("/api/v1/alerts?state=burning");

        Assert.True(list.RootElement.GetProperty("ready").GetBoolean());
        Assert.Equal(SloCases.All.Count, list.RootElement.GetProperty("slos").GetArrayLength());
        var slo = detail.RootElement.GetProperty("slo");
        Assert.Equal("availability", slo.GetProperty("kind").GetString());
        Assert.Equal("firing", slo.GetProperty("alertState").GetString());
        Assert.True(slo.GetProperty("burnRate").GetDouble() > 14.4);
        Assert.Equal(["5m", "30m", "1h", "2h", "6h", "1d", "3d"], detail.RootElement.GetProperty("windows").EnumerateArray().Select(w => w.GetProperty("window").GetString()));
        Assert.Equal(4, detail.RootElement.GetProperty("pairs").GetArrayLength());
        var firing = alerts.RootElement.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(SloCases.All.Count, firing.Count(a => a.GetProperty("tier").GetString() == "1h/5m"));
        Assert.All(firing, a => Assert.StartsWith("/api/v1/traces?", a.GetProperty("traces").GetString(), StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Contains("state", await badState.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTracesLinkOfAnAlert_FindsTheFailingTraces()
    {
        var alert = fixture.Degraded.Single(s => s.Definition.Name == SloCases.Availability.Name).Alerts[0];

        using var traces = JsonDocument.Parse(await fixture.Server.Http.GetStringAsync(alert.TracesLink));

        var items = traces.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(30, items.Count);
        Assert.All(items, t => Assert.Equal(1, t.GetProperty("errorCount").GetInt32()));
    }

    [Fact]
    public async Task Metrics_ExposeEventCounters_AndBudgetGauges()
    {
        var metrics = await fixture.Server.Http.GetStringAsync("/metrics");

        Assert.Contains("vigil_slo_events_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_slo_good_events_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_slo_error_budget_remaining_ratio", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_slo_burn_rate", metrics, StringComparison.Ordinal);
        // The server evaluated once at start, before any traffic: every one of the 90 events is live.
        var availability = metrics.Split('\n').Single(l => l.StartsWith("vigil_slo_events_total{", StringComparison.Ordinal) && l.Contains("slo=\"qa-availability\"", StringComparison.Ordinal));
        Assert.EndsWith(" 90", availability.Trim(), StringComparison.Ordinal);
    }
}
