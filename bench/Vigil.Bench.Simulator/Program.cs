using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vigil.Bench.Harness;
using Vigil.Bench.Simulator;
using Vigil.Ingest;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Configuration;
using Vigil.Server.Hosting;
using Vigil.Simulator.Run;
using Vigil.Simulator.Scenarios;
using Vigil.Simulator.Telemetry;

// Usage: dotnet run -c Release --project bench/Vigil.Bench.Simulator -- [--scenario FILE] [--hours N]
//   --scenario: default scenarios/clean-week.yaml; --hours: simulate only the first N hours (quick runs).
var scenarioPath = Path.Combine(RepoPaths.Root, "scenarios", "clean-week.yaml");
double? hours = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--scenario":
            scenarioPath = args[++i];
            break;
        case "--hours":
            hours = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}; options: --scenario FILE, --hours N");
            return 2;
    }
}

var scenario = ScenarioLoader.Load(scenarioPath);
if (hours is { } h)
{
    scenario = scenario with { Duration = TimeSpan.FromHours(h) };
}

var start = scenario.Start ?? new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
scenario = scenario with { Start = start };
var report = new Report();
report.Line($"# Vigil simulator benchmark, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
report.Line();
report.Line($"Machine: {MachineInfo.Describe()}; load average at start {MachineInfo.LoadAverage()}");
report.Line($"Source: {MachineInfo.SourceRevision()}");
report.Line(string.Create(CultureInfo.InvariantCulture,
    $"Scenario: {Path.GetRelativePath(RepoPaths.Root, scenarioPath)} ({scenario.Name}), {scenario.Duration.TotalHours:F0} simulated hours at {scenario.RequestsPerMinute} requests/min"));
report.Line();

// Baseline: the simulated application alone (generation and OTLP request building, no Vigil).
var baselineSink = new NullSink();
var baselineWatch = Stopwatch.StartNew();
var baseline = await new SimulationRunner(scenario, baselineSink, new FakeTimeProvider(start)).RunAsync(null, CancellationToken.None);
var baselineSeconds = baselineWatch.Elapsed.TotalSeconds;

// The measured run: the same scenario in process into a Vigil server on the simulated clock, until the store has all of it.
var data = Path.Combine(Path.GetTempPath(), "vigil-bench-sim-" + Guid.NewGuid().ToString("N"));
var clock = new FakeTimeProvider(start);
var settings = new VigilSettings { DataDirectory = data, HttpAddress = "127.0.0.1:0", GrpcAddress = "127.0.0.1:0" };
double runSeconds, storedSeconds;
RunSummary run;
await using (var host = await VigilHost.CreateAsync(settings, new VigilHostOptions { Time = clock, Logging = l => l.SetMinimumLevel(LogLevel.Warning), EvaluationsDrivenByCaller = true }))
{
    await host.StartAsync();
    await using var sink = new InProcessSink(host.Services.GetRequiredService<IngestService>());
    var watch = Stopwatch.StartNew();
    run = await new SimulationRunner(scenario, sink, clock).RunAsync(
        new Progress<RunProgress>(p => Console.Write($"\r{p.Simulated.TotalHours:F0}/{p.Total.TotalHours:F0} simulated hours, {p.Spans:N0} spans")), CancellationToken.None);
    runSeconds = watch.Elapsed.TotalSeconds;
    await host.Services.GetRequiredService<TelemetryWriteQueue>().WaitForAcknowledgedAsync(TimeSpan.FromHours(1), CancellationToken.None);
    storedSeconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine();
    await host.StopAsync();
}

Directory.Delete(data, recursive: true);
var simulatedHours = scenario.Duration.TotalHours;
var rate = simulatedHours / storedSeconds;
var weekMinutes = 168 / rate / 60;
var table = new TextTable("run", "wall s", "simulated h / wall s", "spans", "spans / wall s")
    .Row("baseline: the application alone (no Vigil)", Units.Fixed(baselineSeconds, 1), Units.Fixed(simulatedHours / baselineSeconds, 2), Units.Count(baseline.Spans), Units.Rate(baseline.Spans / baselineSeconds))
    .Row("in process into Vigil, acknowledged", Units.Fixed(runSeconds, 1), Units.Fixed(simulatedHours / runSeconds, 2), Units.Count(run.Spans), Units.Rate(run.Spans / runSeconds))
    .Row("in process into Vigil, all in the store", Units.Fixed(storedSeconds, 1), Units.Fixed(rate, 2), Units.Count(run.Spans), Units.Rate(run.Spans / storedSeconds));
report.Table(table);
report.Line(string.Create(CultureInfo.InvariantCulture, $"Ratio (with Vigil / application alone, wall time): {storedSeconds / baselineSeconds:F2}x; OTLP bytes built by the baseline: {baselineSink.Bytes / 1048576.0:F0} MiB"));
report.Line(string.Create(CultureInfo.InvariantCulture, $"A simulated week at this rate: {weekMinutes:F1} min (goal: under 5 min with every detector running; this benchmark runs none — bench/Vigil.Bench.Detectors measures them) — {Report.Verdict(weekMinutes < 5)}"));
report.Line($"Load average at the end: {MachineInfo.LoadAverage()}");
var saved = await report.SaveAsync($"simulator-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}.md", CancellationToken.None);
Console.WriteLine($"Report saved to {saved}");
return 0;
