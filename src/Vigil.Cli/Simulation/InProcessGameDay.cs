using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Ports;
using Vigil.Core.Projects;
using Vigil.Ingest;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Configuration;
using Vigil.Server.Hosting;
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
        Scenario scenario, string dataDirectory, SimulationOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken,
        Func<VigilSettings, VigilSettings>? configure = null)
    {
        var start = scenario.Start ?? new DateTimeOffset(TimeProvider.System.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        var settings = new VigilSettings
        {
            DataDirectory = dataDirectory, HttpAddress = "127.0.0.1:0", GrpcAddress = "127.0.0.1:0",
            Slos = AcmeSloDefinitions.Load(),
            Evaluation = AcmeSloDefinitions.Evaluation(),
            Detectors = AcmeSloDefinitions.Detectors(),
        };
        settings = configure?.Invoke(settings) ?? settings;
        var hostOptions = new VigilHostOptions { Time = clock, Logging = l => l.SetMinimumLevel(LogLevel.Warning), EvaluationsDrivenByCaller = true };
        await using var host = await VigilHost.CreateAsync(settings, hostOptions, cancellationToken);
        await host.StartAsync(cancellationToken);
        await using var sink = new InProcessSink(host.Services.GetRequiredService<IngestService>(), ProjectIds.Default);
        using var control = await RegistryControlPlane.CreateAsync(
            host.Services.GetRequiredService<IReleaseStore>(), ProjectIds.Default, InitialReleases.All, start, clock, cancellationToken);

        // In step with the clock: SLOs every simulated minute; online evaluation and detectors at their intervals.
        // Their alerts are the incidents.
        var evaluation = new GameDayEvaluation(host.Services, settings);
        var runner = new SimulationRunner(scenario with { Start = start }, sink, clock, options with { AfterMinute = evaluation.AfterMinuteAsync }, control);
        var summary = await runner.RunAsync(progress, cancellationToken);
        await host.Services.GetRequiredService<TelemetryWriteQueue>().WaitForAcknowledgedAsync(TimeSpan.FromMinutes(1), cancellationToken);
        var observed = await evaluation.Incidents.ListAsync(summary.Start, summary.End, cancellationToken);
        var scorecard = Scorecard.Build(scenario, summary, observed, evaluation.Incidents.Limitation);
        await host.StopAsync(CancellationToken.None);
        return (summary, scorecard);
    }
}
