using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Ports;
using Vigil.Core.Projects;
using Vigil.Ingest;
using Vigil.Server.Hosting;
using Vigil.Simulator.Application;
using Vigil.Simulator.Run;
using Vigil.Simulator.Scenarios;
using Vigil.Simulator.Telemetry;

namespace Vigil.Cli.Simulation;

/// <summary>
/// <c>vigil serve --demo</c>: the server runs on a simulated clock that the demo scenario
/// (<c>scenarios/demo.yaml</c>) advances at <see cref="Speed"/> times real time, over and over, so a
/// newcomer sees a day of traffic, deploys and faults in minutes. acme deploys through the server's
/// release registry and serves its active releases: <c>vigil release list</c> shows them, and a
/// <c>vigil release rollback</c> against the demo server changes what acme serves within a simulated minute.
/// </summary>
internal sealed class DemoMode
{
    /// <summary>One simulated hour per real minute.</summary>
    public const double Speed = 60;

    /// <summary>The demo's own data directory (its timestamps run ahead of real time, so it never shares one with real data).</summary>
    public const string DefaultDataDirectory = ".vigil-demo";

    private const string Marker = "vigil-demo.marker";

    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    /// <summary>Empties the default demo directory left by an earlier demo (only when its marker says it is one), and marks it.</summary>
    public static void PrepareDataDirectory(string directory)
    {
        if (Directory.Exists(directory) && File.Exists(Path.Combine(directory, Marker)))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, Marker), "created by vigil serve --demo; deleted by the next demo\n");
    }

    /// <summary>The start of the minute <paramref name="time"/> falls in: where a run started "now" begins.</summary>
    public static DateTimeOffset WholeMinute(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    public async Task RunAsync(VigilHost host, double speed, CancellationToken cancellationToken)
    {
        var scenario = DemoScenario.Load();
        await using var sink = new InProcessSink(host.Services.GetRequiredService<IngestService>(), ProjectIds.Default);

        // One control plane for every loop: each loop continues from the releases the last one left active.
        RegistryControlPlane? control = null;
        try
        {
            control = await RegistryControlPlane.CreateAsync(
                host.Services.GetRequiredService<IReleaseStore>(), ProjectIds.Default, InitialReleases.All, WholeMinute(Clock.GetUtcNow()), Clock, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                var start = WholeMinute(Clock.GetUtcNow());
                var runner = new SimulationRunner(scenario with { Start = start }, sink, Clock, new SimulationOptions { Speed = speed }, control);
                await runner.RunAsync(null, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            // The server keeps serving what it has; the demo says why it stopped.
            await Console.Error.WriteLineAsync($"vigil: the demo stopped: {ex.Message}");
        }
        finally
        {
            control?.Dispose();
        }
    }
}
