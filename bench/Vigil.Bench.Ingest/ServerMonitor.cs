using System.Diagnostics;
using Vigil.Bench.Harness;

namespace Vigil.Bench.Ingest;

/// <summary>One scrape of the server's <c>/metrics</c> during a load phase.</summary>
internal readonly record struct MetricsSample(
    TimeSpan At, double QueueDepth, double ManagedHeap, double GcCommitted, double LastCommitSeconds, double Gen2AfterGc, double LohAfterGc);

/// <summary>
/// Watches a server during a load phase: scrapes <c>/metrics</c> when the measured window opens (the
/// baseline of the counter deltas) and then every 0.5 s: queue depth, managed heap
/// (<c>dotnet_total_memory_bytes</c>, garbage included), memory the GC has committed, gen2 and LOH
/// sizes after the last collection (what survived), and the latest commit's duration.
/// </summary>
internal sealed class ServerMonitor
{
    private readonly List<MetricsSample> _samples = [];

    public TimeSpan StartedAt { get; private set; }

    public TimeSpan ClientCpuAtStart { get; private set; }

    public Dictionary<string, double> AtStart { get; private set; } = [];

    public IReadOnlyList<MetricsSample> Samples => _samples;

    public double Max(Func<MetricsSample, double> read, TimeSpan from, TimeSpan to) =>
        _samples.Where(s => s.At >= from && s.At <= to).Select(read).DefaultIfEmpty(0).Max();

    public async Task RunAsync(HttpClient http, VigilServer server, TimeSpan warmup, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(warmup, cancellationToken);
            StartedAt = server.Sampler.Now;
            ClientCpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            AtStart = await PrometheusText.ScrapeAsync(http, server.Http, cancellationToken);
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var m = await PrometheusText.ScrapeAsync(http, server.Http, cancellationToken);
                _samples.Add(new MetricsSample(
                    server.Sampler.Now,
                    m.GetValueOrDefault("vigil_ingest_queue_depth"),
                    m.GetValueOrDefault("dotnet_total_memory_bytes"),
                    m.GetValueOrDefault("system_runtime_dotnet_gc_last_collection_memory_committed_size"),
                    m.GetValueOrDefault("vigil_store_last_commit_seconds"),
                    m.GetValueOrDefault("system_runtime_dotnet_gc_last_collection_heap_size{gc_heap_generation=\"gen2\"}"),
                    m.GetValueOrDefault("system_runtime_dotnet_gc_last_collection_heap_size{gc_heap_generation=\"loh\"}")));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (HttpRequestException)
        {
            // The server went away: keep what was seen.
        }
    }
}
