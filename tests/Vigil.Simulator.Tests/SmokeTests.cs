using Vigil.Core.Queries;
using Vigil.Simulator.Scenarios;

namespace Vigil.Simulator.Tests;

public sealed class SmokeTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Run_OfTwoHours_StoresTracesOfEveryFeatureWithTokensAndCost()
    {
        await using var vigil = await SimulatedVigil.StartAsync(Monday);
        var summary = await vigil.RunAsync(new Scenario { Name = "smoke", Start = Monday + TimeSpan.FromHours(12), Duration = TimeSpan.FromHours(2), RequestsPerMinute = 30 });

        Assert.InRange(summary.Requests, 2_000, 6_000);
        var costs = await vigil.Store.GetCostsAsync(
            new CostQuery { ProjectId = "default", Range = new TimeRange(summary.Start, summary.End) }, CancellationToken.None);
        Assert.Equal(["extract-invoice", "research-agent", "summarize", "support-chat"], costs.ByFeatureAndTeam.Select(f => f.Feature).Order());
        Assert.All(costs.ByFeatureAndTeam, f => Assert.True(f.Cost > 0, $"{f.Feature} cost nothing"));
        Assert.Equal(1.0, costs.PricedShare);
    }
}
