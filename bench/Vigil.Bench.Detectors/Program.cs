using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vigil.Bench.Harness;
using Vigil.Ingest;
using Vigil.Server.Configuration;
using Vigil.Server.Hosting;
using Vigil.Simulator.Application;
using Vigil.Simulator.Run;
using Vigil.Simulator.Scenarios;
using Vigil.Simulator.Telemetry;

namespace Vigil.Bench.Detectors;

/// <summary>
/// The cost of detection: every detector acme configures (scenarios/slos/acme.yaml), run by the server's
/// <c>DetectorEngine</c> over a day of simulated traffic in an in-process Vigil on a simulated clock, cold and warm,
/// per check, against a dashboard's stats query over the same day measured in the same process. Prints a report and
/// saves it under bench/results.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var bench = new BenchArgs(args);
        if (bench.Help)
        {
            Console.WriteLine(DetectorsOptions.Usage);
            return 0;
        }

        DetectorsOptions options;
        try
        {
            options = DetectorsOptions.Parse(bench);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message + Environment.NewLine + Environment.NewLine + DetectorsOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var ct = cancel.Token;

        var scenario = ScenarioLoader.Load(options.Scenario);
        var start = scenario.Start ?? new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var dayEnd = start + TimeSpan.FromHours(options.Hours);
        // The day, then one spacing of traffic before each warm evaluation: windows stay full, as in a running server.
        scenario = scenario with { Start = start, Duration = TimeSpan.FromHours(options.Hours) + (options.Runs * DetectorsOptions.Spacing) };

        var report = new Report();
        report.Line($"# Vigil detector benchmark, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        report.Line();
        report.Line($"Machine: {MachineInfo.Describe()}; load average at start {MachineInfo.LoadAverage()}");
        report.Line($"Source: {MachineInfo.SourceRevision()}");
        report.Line($"Command: `{options.CommandLine}`");
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Traffic: {Path.GetRelativePath(RepoPaths.Root, options.Scenario)} ({scenario.Name}, seed {scenario.Seed}), {options.Hours} simulated hours at {scenario.RequestsPerMinute} requests/min from {start:yyyy-MM-dd HH:mm}, loaded without running detectors; then {options.Runs} warm evaluations {DetectorsOptions.Spacing.TotalMinutes:F0} simulated minutes apart with the traffic continuing"));
        report.Line($"Detectors: acme's (scenarios/slos/acme.yaml){(options.DriftText ? string.Empty : ", drift without text")}; no SLOs and no online evaluation configured");
        report.Line();

        var data = Path.Combine(Path.GetTempPath(), "vigil-bench-detectors-" + Guid.NewGuid().ToString("N")[..8]);
        var clock = new FakeTimeProvider(start);
        var detectors = VigilConfigLoader.Parse(AcmeSlos.Yaml(), AcmeSlos.Source).Detectors;
        if (!options.DriftText)
        {
            detectors = detectors with { Drift = detectors.Drift with { Text = false } };
        }

        // acme's detectors only: no SLOs, no online evaluation (the quality scores some detectors read are absent).
        var settings = new VigilSettings { DataDirectory = data, HttpAddress = "127.0.0.1:0", GrpcAddress = "127.0.0.1:0", Detectors = detectors };
        var hostOptions = new VigilHostOptions { Time = clock, Logging = l => l.SetMinimumLevel(LogLevel.Warning), EvaluationsDrivenByCaller = true };
        DetectorRun run;
        try
        {
            await using var host = await VigilHost.CreateAsync(settings, hostOptions, ct);
            await host.StartAsync(ct);
            await using (var sink = new CountingSink(new InProcessSink(host.Services.GetRequiredService<IngestService>())))
            {
                run = new DetectorRun(host, options, dayEnd, sink);
                var runner = new SimulationRunner(scenario, sink, clock, new SimulationOptions { AfterMinute = run.AfterMinuteAsync });
                await runner.RunAsync(new ConsoleProgress(dayEnd - start), ct);
            }

            Write(report, run, options, settings);
            await host.StopAsync(CancellationToken.None);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }

        report.Line($"Load average at the end: {MachineInfo.LoadAverage()}");
        var saved = await report.SaveAsync($"detectors-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}.md", CancellationToken.None);
        Console.WriteLine($"Report saved to {saved}");
        return 0;
    }

    private static void Write(Report report, DetectorRun run, DetectorsOptions options, VigilSettings settings)
    {
        var cold = run.Cold ?? throw new InvalidOperationException("the cold evaluation did not run");
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Load: {Units.Count(run.DaySpans)} spans in {run.LoadSeconds:F1} s wall until all were in the store: {run.LoadSeconds / options.Hours:F2} s per simulated hour"));
        report.Line();

        var latest = run.Findings().ToDictionary(f => f.Check, StringComparer.Ordinal);
        var table = new TextTable("check", "interval", "cold ms", "warm median ms", "warm min–max ms", "warm runs", "latest findings (alert / ok / insufficient)");
        double sumOfMedians = 0;
        foreach (var check in run.Engine.Checks)
        {
            var interval = check.Interval < settings.Detectors.Interval ? settings.Detectors.Interval : check.Interval;
            var coldMs = cold.Ran.FirstOrDefault(s => s.Check == check.Name) is { } c ? Units.Fixed(c.LastDuration.TotalMilliseconds, 1) : "—";
            var warm = Percentiles.Sorted(run.Warm.SelectMany(e => e.Ran).Where(s => s.Check == check.Name).Select(s => s.LastDuration.TotalMilliseconds));
            var median = Percentiles.OfSorted(warm, 0.5);
            if (warm.Length > 0)
            {
                sumOfMedians += median;
            }

            var findings = latest.TryGetValue(check.Name, out var f) ? $"{f.Alert} / {f.Ok} / {f.Insufficient}" : "—";
            table.Row(check.Name, Interval(interval), coldMs,
                warm.Length == 0 ? "—" : Units.Fixed(median, 1),
                warm.Length == 0 ? "—" : $"{Units.Fixed(warm[0], 1)}–{Units.Fixed(warm[^1], 1)}",
                $"{warm.Length} of {run.Warm.Count}", findings);
        }

        var errors = run.Warm.Append(cold).SelectMany(e => e.Ran).Where(s => s.Error is not null).ToList();
        var totals = Percentiles.Sorted(run.Warm.Select(e => e.Milliseconds));
        var warmMedian = Percentiles.OfSorted(totals, 0.5);
        table.Row("**whole evaluation** (`EvaluateAsync`)", Interval(settings.Detectors.Interval), Units.Fixed(cold.Milliseconds, 1),
            Units.Fixed(warmMedian, 1), $"{Units.Fixed(totals[0], 1)}–{Units.Fixed(totals[^1], 1)}", Units.Count(totals.Length), "");
        table.Row("sum of the per-check warm medians (every check due at once)", "", "", Units.Fixed(sumOfMedians, 1), "", "", "");
        report.Table(table);
        report.Line();

        var baseline = Percentiles.Sorted(run.Baseline);
        var baselineMedian = Percentiles.OfSorted(baseline, 0.5);
        var comparison = new TextTable("measured in this process", "median ms", "min–max ms", "runs")
            .Row($"baseline: `GetStatsAsync`, last {options.Hours} h, 1-minute step, by feature ({run.BaselineSeries} series, {Units.Count(run.BaselinePoints)} points)",
                Units.Fixed(baselineMedian, 1), $"{Units.Fixed(baseline[0], 1)}–{Units.Fixed(baseline[^1], 1)}", Units.Count(baseline.Length))
            .Row("warm detector evaluation (`DetectorEngine.EvaluateAsync`)", Units.Fixed(warmMedian, 1), $"{Units.Fixed(totals[0], 1)}–{Units.Fixed(totals[^1], 1)}", Units.Count(totals.Length))
            .Row("cold detector evaluation (the first)", Units.Fixed(cold.Milliseconds, 1), "", "1");
        report.Table(comparison);
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Ratio (warm evaluation / baseline, medians): {warmMedian / baselineMedian:F1}x; cold evaluation / baseline: {cold.Milliseconds / baselineMedian:F1}x; first stats query (after the cold evaluation, not counted): {run.BaselineFirstMs:F1} ms"));
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Share of the detector interval ({settings.Detectors.Interval.TotalMinutes:F0} min) one warm evaluation takes: {warmMedian / settings.Detectors.Interval.TotalMilliseconds * 100:F3} %"));

        var alerts = run.Engine.Alerts;
        var byState = string.Join(", ", alerts.GroupBy(a => a.State.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key.ToLowerInvariant()}"));
        var findingsTotal = latest.Values.Sum(f => f.Alert + f.Ok + f.Insufficient);
        report.Line($"Findings at the last run: {findingsTotal} ({latest.Values.Sum(f => f.Alert)} alert, {latest.Values.Sum(f => f.Ok)} ok, {latest.Values.Sum(f => f.Insufficient)} insufficient data); detector alerts: {alerts.Count}{(alerts.Count > 0 ? $" ({byState})" : string.Empty)}");
        if (errors.Count > 0)
        {
            report.Line($"Check errors: {string.Join("; ", errors.Select(e => $"{e.Check} at {e.LastRunAt:HH:mm}: {e.Error}"))}");
        }

        report.Line();
    }

    private static string Interval(TimeSpan interval) =>
        interval.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{interval.TotalHours:0.#} h") : string.Create(CultureInfo.InvariantCulture, $"{interval.TotalMinutes:0.#} min");

    /// <summary>Progress on the console, called synchronously by the runner.</summary>
    private sealed class ConsoleProgress(TimeSpan load) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            if (value.Simulated <= load)
            {
                Console.Write(string.Create(CultureInfo.InvariantCulture, $"\r{value.Simulated.TotalHours:F0}/{load.TotalHours:F0} simulated hours loaded, {value.Spans:N0} spans"));
            }
        }
    }
}
