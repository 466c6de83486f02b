using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Cli.Simulation;
using Vigil.Core.Alerts;
using Vigil.Core.Ports;
using Vigil.Core.Slos;
using Vigil.Server.Slos;

namespace Vigil.Cli.Tests;

public sealed class AlertIncidentsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheAlertsOfOneFeatureAndClass_AreOneIncident_RaisedToAPage_UntilTheyHaveBeenQuietForAnHour()
    {
        var clock = new FakeTimeProvider(Start);
        var slo = new SloDefinition
        {
            Name = "chat-openai",
            Indicator = new SliDefinition { Kind = SliKind.Availability, Scope = new SliScope { Feature = "support-chat", Provider = "openai" } },
            Objective = 0.99,
            Window = SloTimeWindow.Rolling(TimeSpan.FromDays(30)),
        };
        using var engine = new SloEngine([slo], new NoEvents(), clock, NullLogger<SloEngine>.Instance);
        var incidents = new AlertIncidents();
        var runtime = engine.Runtimes[0];
        for (var minute = MinuteSeries.MinuteOf(Start - TimeSpan.FromDays(30)); minute < MinuteSeries.MinuteOf(Start); minute++)
        {
            runtime.AddMinute(minute, 60, 60);
        }

        async Task RunAsync(TimeSpan length, long bad)
        {
            for (var end = clock.GetUtcNow() + length; clock.GetUtcNow() < end;)
            {
                runtime.AddMinute(MinuteSeries.MinuteOf(clock.GetUtcNow()), 60 - bad, 60);
                clock.Advance(TimeSpan.FromMinutes(1));
                await engine.EvaluateAsync(CancellationToken.None);
                incidents.Record(engine.Statuses.SelectMany(s => s.Alerts.Select(a => SloAlerts.ToAlert(a, s.Definition))), clock.GetUtcNow());
            }
        }

        await RunAsync(TimeSpan.FromHours(2), bad: 30);   // an outage: the page, then slower tiers and the budget
        await RunAsync(TimeSpan.FromMinutes(20), bad: 0);  // recovered, within the cool-down
        await RunAsync(TimeSpan.FromMinutes(10), bad: 30); // back: the same incident
        await RunAsync(TimeSpan.FromHours(8), bad: 0);     // the slow tiers clear (their short window is 6 h), then the cool-down passes
        await RunAsync(TimeSpan.FromMinutes(30), bad: 30); // a new outage: a new incident

        var opened = await incidents.ListAsync(Start, clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(2, opened.Count);
        Assert.All(opened, i => Assert.Equal(("vendor_outage", "support-chat", "openai", "page"), (i.Class, i.Feature, i.Provider, i.Severity)));
        Assert.True(opened[1].OpenedAt > opened[0].OpenedAt + TimeSpan.FromHours(8));
    }

    private sealed class NoEvents : ISliEventSource
    {
        public Task<SliEventPage> ReadSliEventsAsync(long afterBatch, long sinceUnixNano, int maxRows, CancellationToken cancellationToken) =>
            Task.FromResult(new SliEventPage([], [], afterBatch));
    }
}
