using Microsoft.Extensions.Time.Testing;
using Vigil.Simulator.Run;
using Vigil.Simulator.Scenarios;
using Vigil.Simulator.Telemetry;

namespace Vigil.Cli.Simulation;

/// <summary>
/// A game day against a running Vigil server (<c>--against URL</c>): the application's traces go
/// through the OpenTelemetry SDK over OTLP/HTTP, stamped with the simulated clock, which starts at
/// the scenario's start (default: now). The server's detectors run on its own clock, so a run meant
/// to be judged is paced at real time (<c>--speed 1</c>, the default here).
/// </summary>
internal static class RemoteGameDay
{
    public static async Task<(RunSummary Run, Scorecard Scorecard)> RunAsync(
        Scenario scenario, Uri server, string? apiKey, SimulationOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var start = scenario.Start ?? DemoMode.WholeMinute(TimeProvider.System.GetUtcNow());
        var clock = new FakeTimeProvider(start);
        await using var sink = new OtlpSdkSink(server, apiKey);
        var runner = new SimulationRunner(scenario with { Start = start }, sink, clock, options);
        var summary = await runner.RunAsync(progress, cancellationToken);

        // The server's incidents are not readable over the API yet; this source reports none and says so.
        var incidents = new NoIncidentModel();
        var observed = await incidents.ListAsync(summary.Start, summary.End, cancellationToken);
        return (summary, Scorecard.Build(scenario, summary, observed, incidents.Limitation));
    }
}
