using Vigil.Core.Queries;
using Vigil.Simulator.Scenarios;

namespace Vigil.Simulator.Tests.Faults;

/// <summary>Same seed, same run: two fresh servers fed the same scenario store the same telemetry.</summary>
[Collection(FaultSignalTests.Collection)]
public sealed class DeterminismTests
{
    [Fact]
    public async Task SameSeed_TwiceIntoFreshServers_StoresTheSameCostsStatsAndTraces()
    {
        var scenario = new Scenario
        {
            Name = "same-seed",
            Start = FaultRunFixture.Monday + TimeSpan.FromHours(8),
            Duration = TimeSpan.FromMinutes(30),
            RequestsPerMinute = 20,
            Seed = 42,
            Faults =
            [
                new FaultSpec("vendor_outage", TimeSpan.FromMinutes(10), null, new Dictionary<string, string> { ["provider"] = "openai", ["error_rate"] = "0.3" }),
                new FaultSpec("prompt_token_inflation", TimeSpan.FromMinutes(20), null, new Dictionary<string, string> { ["feature"] = "support-chat", ["factor"] = "2" }),
            ],
        };

        var first = await StoreAsync(scenario);
        var second = await StoreAsync(scenario);

        Assert.True(first.Costs.TotalCost > 0);
        Assert.Equal(first.Costs.TotalCost, second.Costs.TotalCost);
        Assert.Equal((first.Costs.PricedCalls, first.Costs.UnpricedCalls), (second.Costs.PricedCalls, second.Costs.UnpricedCalls));
        Assert.Equal(first.Costs.ByFeatureAndTeam, second.Costs.ByFeatureAndTeam);
        Assert.Equal(first.Stats, second.Stats);
        Assert.Equal(first.Traces, second.Traces);
    }

    private static async Task<(CostReport Costs, List<string> Stats, List<string> Traces)> StoreAsync(Scenario scenario)
    {
        await using var vigil = await SimulatedVigil.StartAsync(FaultRunFixture.Monday);
        var summary = await vigil.RunAsync(scenario);
        var range = new TimeRange(summary.Start, summary.End);
        var costs = await vigil.Store.GetCostsAsync(new CostQuery { ProjectId = StoredSignals.Project, Range = range }, CancellationToken.None);
        var stats = await vigil.Store.GetStatsAsync(
            new StatsQuery { ProjectId = StoredSignals.Project, Range = range, Step = TimeSpan.FromMinutes(10), GroupBy = GroupBy.Model }, CancellationToken.None);
        var traces = await vigil.Store.TracesAsync(range, SpanFilter.Any);
        return (
            costs,
            [.. stats.Series.SelectMany(s => s.Points.Select(p => $"{s.Group} {p}"))],
            [.. traces.Select(t => $"{t.TraceId} {t.RootName} {t.Start:O} {t.DurationMs} {t.SpanCount} {t.ErrorCount} {t.InputTokens} {t.OutputTokens} {t.Cost} {t.UserId} {t.Release}")]);
    }
}
