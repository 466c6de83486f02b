using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Slos;
using Vigil.Server.Slos;

namespace Vigil.Server.Tests.Slos;

public sealed class SloRestartTests
{
    [Fact]
    public async Task AfterARestart_AnSloRebuildsItsHistoryFromTheStore_AndFiresAgain()
    {
        var clock = new FakeTimeProvider(SloEndToEndFixture.Start);
        var slo = SloCases.Availability;
        string data;
        EventCounts before;
        await using (var first = await RunningServer.StartAsync(s => s with { Slos = [slo.Slo] }, time: clock))
        {
            data = first.DataDirectory;
            first.KeepData = true;
            for (var minute = 0; minute < 12; minute++)
            {
                var now = clock.GetUtcNow();
                for (var task = 0; task < 6; task++)
                {
                    await SloTraffic.PostAsync(first.Http, slo.Task(now.AddSeconds(task * 5), minute >= 10));
                }

                clock.Advance(TimeSpan.FromMinutes(1));
            }

            var engine = first.Host.Services.GetRequiredService<SloEngine>();
            await engine.EvaluateAsync(CancellationToken.None);
            before = engine.Statuses[0].Budget.Events;
            Assert.Equal("firing", engine.Statuses[0].AlertState);
        }

        await using var second = await RunningServer.StartAsync(s => s with { DataDirectory = data, Slos = [slo.Slo] }, time: clock);
        var restarted = second.Host.Services.GetRequiredService<SloEngine>();
        await restarted.EvaluateAsync(CancellationToken.None);

        Assert.Equal(before, restarted.Statuses[0].Budget.Events);
        Assert.Equal(new EventCounts(60, 72), before);
        Assert.Equal("firing", restarted.Statuses[0].AlertState);
        Assert.Equal(EventCounts.None, restarted.CountedSinceReady(0)); // history is not live traffic: Prometheus sees a counter reset
    }
}
