using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Ports;
using Vigil.Ingest;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Configuration;
using Vigil.Server.Hosting;
using Vigil.Simulator.Run;
using Vigil.Simulator.Scenarios;
using Vigil.Simulator.Telemetry;

namespace Vigil.Simulator.Tests;

/// <summary>
/// A real Vigil server (Kestrel on loopback port 0, a fresh data directory) on a simulated clock,
/// and a scenario run into it in process. Queries go to the server's store after everything
/// acknowledged is committed.
/// </summary>
public sealed class SimulatedVigil : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private SimulatedVigil(VigilHost host, FakeTimeProvider clock, string data)
    {
        Host = host;
        Clock = clock;
        DataDirectory = data;
    }

    public VigilHost Host { get; }

    public FakeTimeProvider Clock { get; }

    public string DataDirectory { get; }

    public ITelemetryStore Store => Host.Services.GetRequiredService<ITelemetryStore>();

    public static async Task<SimulatedVigil> StartAsync(DateTimeOffset clockStart)
    {
        var data = Path.Combine(Path.GetTempPath(), "vigil-sim-" + Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider(clockStart);
        var settings = new VigilSettings { DataDirectory = data, HttpAddress = "127.0.0.1:0", GrpcAddress = "127.0.0.1:0" };
        var host = await VigilHost.CreateAsync(settings, new VigilHostOptions { Time = clock, Logging = l => l.SetMinimumLevel(LogLevel.Warning), EvaluationsDrivenByCaller = true });
        await host.StartAsync();
        return new SimulatedVigil(host, clock, data);
    }

    /// <summary>Runs <paramref name="scenario"/> in process into this server and waits until the store has all of it.</summary>
    public async Task<RunSummary> RunAsync(Scenario scenario, SimulationOptions? options = null)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var sink = new InProcessSink(Host.Services.GetRequiredService<IngestService>());
        var runner = new SimulationRunner(scenario, sink, Clock, options);
        var summary = await runner.RunAsync(null, cts.Token);
        await CaughtUpAsync();
        return summary;
    }

    /// <summary>Waits until every acknowledged export is in the store.</summary>
    public async Task CaughtUpAsync()
    {
        var queue = Host.Services.GetRequiredService<TelemetryWriteQueue>();
        Assert.True(await queue.WaitForAcknowledgedAsync(TimeSpan.FromHours(1), CancellationToken.None).WaitAsync(Timeout));
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
