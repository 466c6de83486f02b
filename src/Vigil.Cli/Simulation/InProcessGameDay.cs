using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Ports;
using Vigil.Core.Projects;
using Vigil.Ingest;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Configuration;
using Vigil.Server.Hosting;
using Vigil.Server.Slos;
using Vigil.Simulator.Application;
using Vigil.Simulator.Run;
using Vigil.Simulator.Scenarios;
using Vigil.Simulator.Telemetry;

namespace Vigil.Cli.Simulation;

/// <summary>
/// A game day in one process: a Vigil server on the simulated clock (its own data directory), the
/// scenario run straight into its ingestion, and the scorecard read from it afterwards. The
/// application deploys through the server's release registry and serves its active releases, so
/// spans carry Vigil's release ids and a rollback in Vigil changes what it serves.
/// </summary>
internal static class InProcessGameDay
{
    public static async Task<(RunSummary Run, Scorecard Scorecard)> RunAsync(
        Scenario scenario, string dataDirectory, SimulationOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var start = scenario.Start ?? new DateTimeOffset(TimeProvider.System.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        var settings = new VigilSettings
        {
            DataDirectory = dataDirectory, HttpAddress = "127.0.0.1:0", GrpcAddress = "127.0.0.1:0",
            Slos = AcmeSloDefinitions.Load(),
        };
        await using var host = await VigilHost.CreateAsync(settings, new VigilHostOptions { Time = clock, Logging = l => l.SetMinimumLevel(LogLevel.Warning) }, cancellationToken);
        await host.StartAsync(cancellationToken);
        await using var sink = new InProcessSink(host.Services.GetRequiredService<IngestService>(), ProjectIds.Default);
        using var control = await RegistryControlPlane.CreateAsync(
            host.Services.GetRequiredService<IReleaseStore>(), ProjectIds.Default, InitialReleases.All, start, clock, cancellationToken);

        // SLOs are evaluated once a simulated minute, in step with the clock, and their alerts are the incidents.
        var engine = host.Services.GetRequiredService<SloEngine>();
        var incidents = new SloAlertIncidents();
        var runner = new SimulationRunner(scenario with { Start = start }, sink, clock, options with
        {
            AfterMinute = async (now, ct) =>
            {
                await engine.EvaluateAsync(ct);
                incidents.Record(engine, now);
            },
        }, control);
        var summary = await runner.RunAsync(progress, cancellationToken);
        await host.Services.GetRequiredService<TelemetryWriteQueue>().WaitForAcknowledgedAsync(TimeSpan.FromMinutes(1), cancellationToken);
        var observed = await incidents.ListAsync(summary.Start, summary.End, cancellationToken);
        var scorecard = Scorecard.Build(scenario, summary, observed, incidents.Limitation);
        await host.StopAsync(CancellationToken.None);
        return (summary, scorecard);
    }
}
