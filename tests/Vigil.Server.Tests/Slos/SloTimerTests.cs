using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigil.Server.Slos;

namespace Vigil.Server.Tests.Slos;

public sealed class SloTimerTests
{
    [Fact]
    public async Task TheServer_EvaluatesItsSlosEveryInterval_OnItsClock()
    {
        var clock = new FakeTimeProvider(SloEndToEndFixture.Start);
        var slo = SloCases.Availability;
        await using var server = await RunningServer.StartAsync(
            s => s with { Slos = [slo.Slo], SloEvaluation = new() { Interval = TimeSpan.FromSeconds(10) } }, time: clock);
        var engine = server.Host.Services.GetRequiredService<SloEngine>();
        using var timeout = new CancellationTokenSource(RunningServer.Timeout);
        await engine.WhenEvaluatedAsync(clock.GetUtcNow(), timeout.Token); // at start
        foreach (var task in Enumerable.Range(0, 20))
        {
            await SloTraffic.PostAsync(server.Http, slo.Task(clock.GetUtcNow(), task % 2 == 0));
        }

        clock.Advance(TimeSpan.FromSeconds(10));
        await engine.WhenEvaluatedAsync(clock.GetUtcNow(), timeout.Token);

        Assert.Equal(clock.GetUtcNow(), engine.LastEvaluatedAt);
        Assert.Equal(20, engine.Statuses[0].Budget.Events.Total);
        Assert.Equal("firing", engine.Statuses[0].AlertState);
    }
}
