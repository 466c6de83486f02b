using Vigil.Core.Queries;
using Vigil.Core.Spans;

namespace Vigil.Storage.Contracts;

/// <summary><see cref="Core.Ports.ITelemetryStore.GetCostsAsync"/>: totals, lines and unpriced calls.</summary>
public abstract class CostReportContract : TelemetryStoreContractBase
{
    [Fact]
    public async Task Costs_SumsSpendPerFeatureAndTeam()
    {
        await AppendAsync(
            Spans.Span(feature: "chat", team: "core", cost: 0.10m, input: 10, output: 1),
            Spans.Span(feature: "chat", team: "core", cost: 0.15m, input: 20, output: 2, start: T0.AddHours(2)),
            Spans.Span(feature: "chat", team: null, cost: 0.05m, input: 30, output: 3),
            Spans.Span(feature: "search", team: "core", cost: 1.00m, input: 40, output: 4),
            Spans.Span(feature: "search", team: "core", cost: null, pricing: PricingStatus.NotApplicable, input: 0, output: 0, stage: Stages.Retrieval));

        var report = await CostsAsync();

        Assert.Equal(1.30m, report.TotalCost);
        Assert.Equal(4, report.PricedCalls);
        Assert.Equal(0, report.UnpricedCalls);
        Assert.Equal(1.0, report.PricedShare);
        Assert.Equal(
            [
                new CostLine("search", "core", 1.00m, 1, 1, 0, 40, 4),
                new CostLine("chat", "core", 0.25m, 2, 2, 0, 30, 3),
                new CostLine("chat", null, 0.05m, 1, 1, 0, 30, 3),
            ],
            report.ByFeatureAndTeam.OrderByDescending(l => l.Cost));
    }

    [Fact]
    public async Task Costs_UnpricedCallsAreCountedNotZeroed()
    {
        await AppendAsync(
            Spans.Span(cost: 0.20m),
            Spans.Span(cost: null, model: "my-finetune", provider: "openai"),
            Spans.Span(cost: null, model: "my-finetune", provider: "openai"),
            Spans.Span(cost: null, model: "local-llama", provider: null));

        var report = await CostsAsync();

        Assert.Equal(0.20m, report.TotalCost);
        Assert.Equal(1, report.PricedCalls);
        Assert.Equal(3, report.UnpricedCalls);
        Assert.Equal(0.25, report.PricedShare, 12);
        var line = Assert.Single(report.ByFeatureAndTeam);
        Assert.Equal((4L, 1L, 3L), (line.Calls, line.PricedCalls, line.UnpricedCalls));
        Assert.Equal([new UnpricedModel("openai", "my-finetune", 2), new UnpricedModel(null, "local-llama", 1)], report.UnpricedModels);
    }

    [Fact]
    public async Task Costs_OtherProjects_AreInvisible()
    {
        await AppendAsync(Spans.Span(project: "p1", cost: 0.1m), Spans.Span(project: "p2", cost: 5m), Spans.Span(project: "p2", cost: null));

        var report = await CostsAsync("p1");

        Assert.Equal(0.1m, report.TotalCost);
        Assert.Equal(0, report.UnpricedCalls);
        Assert.Empty(report.UnpricedModels);
    }

    [Fact]
    public async Task Costs_FilterAndRange_Apply()
    {
        await AppendAsync(
            Spans.Span(feature: "a", cost: 0.1m, userId: "u1"),
            Spans.Span(feature: "b", cost: 0.2m, userId: "u2"),
            Spans.Span(feature: "a", cost: 0.4m, start: T0.AddDays(-3)),
            Spans.Span(feature: "a", cost: null, model: "x", start: T0.AddDays(-3)));

        Assert.Equal(0.1m, (await CostsAsync(filter: new SpanFilter { Feature = "a" })).TotalCost);
        Assert.Equal(0.2m, (await CostsAsync(filter: new SpanFilter { UserId = "u2" })).TotalCost);
        var older = await CostsAsync(range: new TimeRange(T0.AddDays(-4), T0.AddDays(-2)));
        Assert.Equal((0.4m, 1L), (older.TotalCost, older.UnpricedCalls));
        Assert.Equal("x", Assert.Single(older.UnpricedModels).Model);
    }

    [Fact]
    public async Task Costs_EmptyRange_IsAllZero()
    {
        var report = await CostsAsync();

        Assert.Equal((0m, 0L, 0L, 1.0), (report.TotalCost, report.PricedCalls, report.UnpricedCalls, report.PricedShare));
        Assert.Empty(report.ByFeatureAndTeam);
    }
}
