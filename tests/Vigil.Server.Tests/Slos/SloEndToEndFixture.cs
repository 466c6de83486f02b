using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Slos;
using Vigil.Server.Slos;

namespace Vigil.Server.Tests.Slos;

/// <summary>
/// One server on a fake clock with an SLO of every kind, each on its own feature. Fifteen simulated
/// minutes of traffic: ten healthy, then five in which every task is bad in the way its SLO measures.
/// The statuses after the healthy part and at the end are what the tests read.
/// </summary>
public sealed class SloEndToEndFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private RunningServer? _server;

    public FakeTimeProvider Clock { get; } = new(Start);

    public RunningServer Server => _server!;

    public IReadOnlyList<SloStatus> Healthy { get; private set; } = [];

    public IReadOnlyList<SloStatus> Degraded { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(s => s with { Slos = SloCases.All.Select(c => c.Slo).ToList() }, time: Clock);
        var engine = Server.Host.Services.GetRequiredService<SloEngine>();
        for (var minute = 0; minute < 15; minute++)
        {
            var bad = minute >= 10;
            var now = Clock.GetUtcNow();
            foreach (var slo in SloCases.All)
            {
                for (var task = 0; task < 6; task++)
                {
                    await SloTraffic.PostAsync(Server.Http, slo.Task(now.AddSeconds(task * 5), bad));
                }
            }

            Clock.Advance(TimeSpan.FromMinutes(1));
            await engine.EvaluateAsync(CancellationToken.None);
            if (minute == 9)
            {
                Healthy = engine.Statuses;
            }
        }

        // Cost per task decides a task a minute after its last span: let the last ones settle.
        Clock.Advance(TimeSpan.FromMinutes(1));
        await engine.EvaluateAsync(CancellationToken.None);
        Degraded = engine.Statuses;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
