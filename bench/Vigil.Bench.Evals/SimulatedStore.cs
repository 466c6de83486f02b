using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Ports;
using Vigil.Core.Slos;
using Vigil.Ingest;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Configuration;
using Vigil.Server.Hosting;
using Vigil.Simulator.Run;
using Vigil.Simulator.Scenarios;
using Vigil.Simulator.Telemetry;

namespace Vigil.Bench.Evals;

/// <summary>
/// A real Vigil host (Kestrel on loopback port 0, a fresh data directory, no online evaluation
/// configured) on a simulated clock, filled with acme traffic by the simulator in process — the path
/// production traces take: OTLP mapping, pricing, the write queue, the DuckDB store.
/// </summary>
internal sealed class SimulatedStore : IAsyncDisposable
{
    private SimulatedStore(VigilHost host, FakeTimeProvider clock, string data, RunSummary summary, double seconds)
    {
        Host = host;
        Clock = clock;
        DataDirectory = data;
        Summary = summary;
        FillSeconds = seconds;
    }

    public VigilHost Host { get; }

    public FakeTimeProvider Clock { get; }

    public string DataDirectory { get; }

    public RunSummary Summary { get; }

    public double FillSeconds { get; }

    public ITelemetryStore Store => Host.Services.GetRequiredService<ITelemetryStore>();

    public ISliEventSource Events => (ISliEventSource)Store;

    public static async Task<SimulatedStore> StartAsync(EvalsOptions options, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        var data = Path.Combine(Path.GetTempPath(), "vigil-bench-evals-" + Guid.NewGuid().ToString("N")[..8]);
        var clock = new FakeTimeProvider(start);
        var settings = new VigilSettings { DataDirectory = data, HttpAddress = "127.0.0.1:0", GrpcAddress = "127.0.0.1:0" };
        var host = await VigilHost.CreateAsync(settings, new VigilHostOptions { Time = clock, Logging = l => l.SetMinimumLevel(LogLevel.Warning), EvaluationsDrivenByCaller = true }, cancellationToken);
        await host.StartAsync(cancellationToken);
        var scenario = new Scenario
        {
            Name = "evals-bench",
            Start = start,
            Duration = TimeSpan.FromMinutes(options.Minutes),
            RequestsPerMinute = options.RequestsPerMinute,
            Seed = options.Seed,
        };
        var watch = Stopwatch.StartNew();
        RunSummary summary;
        await using (var sink = new InProcessSink(host.Services.GetRequiredService<IngestService>()))
        {
            summary = await new SimulationRunner(scenario, sink, clock).RunAsync(null, cancellationToken);
        }

        if (!await host.Services.GetRequiredService<TelemetryWriteQueue>().WaitForAcknowledgedAsync(TimeSpan.FromMinutes(5), cancellationToken))
        {
            throw new InvalidOperationException("the store did not catch up with the simulated traffic within 5 minutes");
        }

        return new SimulatedStore(host, clock, data, summary, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Every root span in the store, in commit order: the SLI pages the evaluator reads (20,000 rows a page, as it does).</summary>
    public async Task<List<SliSpan>> RootsAsync(CancellationToken cancellationToken)
    {
        var roots = new List<SliSpan>();
        long cursor = 0;
        while (true)
        {
            var page = await Events.ReadSliEventsAsync(cursor, 0, 20_000, cancellationToken);
            if (page.LastBatch == cursor)
            {
                return roots;
            }

            roots.AddRange(page.Spans.Where(s => s.IsRoot));
            cursor = page.LastBatch;
        }
    }

    /// <summary>Every stored evaluation of <paramref name="source"/>, keyed by (trace id, name).</summary>
    public async Task<Dictionary<(string TraceId, string Name), double?>> EvaluationsAsync(string source, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(string, string), double?>();
        long cursor = 0;
        while (true)
        {
            var page = await Events.ReadSliEventsAsync(cursor, 0, 50_000, cancellationToken);
            if (page.LastBatch == cursor)
            {
                return found;
            }

            foreach (var e in page.Evaluations.Where(e => e.Source == source))
            {
                found[(e.TraceId, e.Name)] = e.ScoreValue;
            }

            cursor = page.LastBatch;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
