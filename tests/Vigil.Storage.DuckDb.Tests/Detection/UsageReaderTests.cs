using Vigil.Core.Detection;
using Vigil.Core.Queries;

namespace Vigil.Storage.DuckDb.Tests.Detection;

public sealed class UsageReaderTests : DetectionStore
{
    [Fact]
    public async Task Usage_counts_tasks_as_distinct_traces_and_calls_as_llm_spans()
    {
        await AppendAsync(
            Root("a", T0),
            Call("a", T0.AddMinutes(1)),
            Call("a", T0.AddMinutes(2)),
            Call("a", T0.AddMinutes(3), operation: "execute_tool", model: null, cost: 0.5m, input: 7, output: 7),
            Root("b", T0.AddMinutes(5)),
            Call("b", T0.AddMinutes(6), operation: "embeddings", cost: null, output: 0) with { ReportedCost = 0.005m },
            Call("c", T0.AddMinutes(7), project: "p2"),
            Call("d", T0.AddHours(1)));

        var rows = await Store.ReadUsageAsync(new UsageQuery { ProjectId = "p1", Range = FirstHour, Dimensions = [UsageDimension.Feature] }, None);

        var row = Assert.Single(rows);
        Assert.Equal(["chat"], row.Keys);
        Assert.Equal(T0, row.Hour);
        Assert.Equal(2, row.Tasks);
        Assert.Equal(3, row.Calls);
        Assert.Equal(300, row.InputTokens);
        Assert.Equal(100, row.OutputTokens);
        Assert.Equal(0.025, row.CostUsd, 10);
    }

    [Fact]
    public async Task Usage_splits_by_dimensions_in_order_keeps_nulls_and_aligns_hours_to_the_epoch()
    {
        await AppendAsync(
            Call("a", T0.AddMinutes(10)) with { Team = null },
            Call("b", T0.AddMinutes(70), model: null) with { ResponseModel = "claude" },
            Call("b", T0.AddMinutes(71), model: "requested") with { ResponseModel = "served" },
            Call("c", T0.AddMinutes(20), feature: "search"),
            Call("e", T0.AddMinutes(1)));

        var rows = await Store.ReadUsageAsync(
            new UsageQuery
            {
                ProjectId = "p1",
                Range = new TimeRange(T0.AddMinutes(5), T0.AddHours(2)),
                Dimensions = [UsageDimension.Model, UsageDimension.Team],
                Feature = "chat",
            },
            None);

        Assert.Equal(3, rows.Count);
        Assert.Equal([T0, T0.AddHours(1), T0.AddHours(1)], rows.Select(r => r.Hour));
        Assert.Equal(["gpt-4o", null], rows[0].Keys);
        Assert.Equal(["claude", "core"], rows[1].Keys);
        Assert.Equal(["requested", "core"], rows[2].Keys);
        Assert.All(rows, r => Assert.Equal((1L, 1L), (r.Tasks, r.Calls)));
    }

    [Fact]
    public async Task Usage_leaves_out_groups_without_llm_calls_and_counts_their_tasks_per_group()
    {
        await AppendAsync(
            Root("a", T0),
            Call("a", T0.AddMinutes(1), provider: "openai"),
            Call("b", T0.AddMinutes(2), provider: "anthropic"),
            Call("b", T0.AddMinutes(3), provider: "anthropic"));

        var rows = await Store.ReadUsageAsync(new UsageQuery { ProjectId = "p1", Range = FirstHour, Dimensions = [UsageDimension.Provider] }, None);

        Assert.Equal(["anthropic", "openai"], rows.Select(r => r.Keys[0]));
        Assert.Equal([(1L, 2L), (1L, 1L)], rows.Select(r => (r.Tasks, r.Calls)));
    }

    [Fact]
    public async Task Billed_sums_catalog_and_billed_cost_of_the_calls_that_reported_one()
    {
        await AppendAsync(
            Call("a", T0.AddMinutes(1), cost: 0.015m, input: 1000, output: 200) with { ReportedCost = 0.02m },
            Call("a", T0.AddMinutes(2), cost: null, input: 500, output: 100) with { ReportedCost = 0.01m },
            Call("a", T0.AddMinutes(3), cost: 0.7m),
            Call("a", T0.AddMinutes(4), operation: "execute_tool") with { ReportedCost = 0.3m },
            Call("a", T0.AddMinutes(5), model: "gpt-4o-mini") with { ReportedCost = 0.001m },
            Call("x", T0.AddMinutes(6), project: "p2") with { ReportedCost = 0.3m },
            Call("y", T0.AddHours(1)) with { ReportedCost = 0.3m });

        var rows = await Store.ReadBilledAsync("p1", FirstHour, None);

        Assert.Equal(2, rows.Count);
        var row = rows.Single(r => r.Model == "gpt-4o");
        Assert.Equal(("openai", T0, 2L, 1500L, 300L), (row.Provider, row.Hour, row.Calls, row.InputTokens, row.OutputTokens));
        Assert.Equal(0.015, row.CatalogCostUsd, 10);
        Assert.Equal(0.03, row.BilledCostUsd, 10);
        Assert.Equal(0.001, rows.Single(r => r.Model == "gpt-4o-mini").BilledCostUsd, 10);
    }
}
