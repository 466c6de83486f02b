using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Vigil.Bench.Harness;
using Vigil.Core.Pricing;
using Vigil.Core.Spans;
using Vigil.Ingest;
using Vigil.Ingest.Otlp;
using Vigil.Storage.DuckDb;

namespace Vigil.Bench.Ingest;

/// <summary>One run of the ingest benchmark, phase by phase.</summary>
internal sealed class IngestRun(IngestOptions options, string work, Report report)
{
    private const double GoalSpansPerSecond = 50_000;
    private const double GoalRatio = 0.5;
    private const double GoalP99Ms = 100;
    private static readonly double[] LatencyQuantiles = [0.5, 0.95, 0.99, 1.0];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        report.Line($"# Vigil ingest benchmark, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        report.Line();
        report.Line($"Machine: {MachineInfo.Describe()}; load average at start {MachineInfo.LoadAverage()}");
        report.Line($"Source: {MachineInfo.SourceRevision()}");
        report.Line($"Server: dotnet {Path.GetRelativePath(RepoPaths.Root, options.VigilDll)} serve ({RepoPaths.Configuration})");
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Options: {(options.ServerEnvironment.Count > 0 ? "--server-env " + string.Join(',', options.ServerEnvironment.Select(e => e.Key + "=" + e.Value)) + " " : string.Empty)}--clients {options.Clients} --batch {options.Batch.Min}-{options.Batch.Max} --seconds {options.Seconds} --warmup {options.Warmup} --templates {options.Templates} --overload-clients {options.OverloadClients} --overload-seconds {options.OverloadSeconds} --overload-capacity {options.OverloadCapacity} --seed {options.Seed}"));
        report.Line();

        var (templates, pool) = BuildTemplates();
        var raw = new RawSpanRows(pool);

        var sustained = await SustainedAsync(templates, cancellationToken);
        var rawRate = RawBaseline(raw, Math.Max(sustained.Load.AcknowledgedSpans, 100_000));
        var ratio = sustained.Sustained / rawRate;
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Ratio server / raw appender: {ratio:F2} (goal >= {GoalRatio:F1})"));
        report.Line();

        OverloadOutcome? overload = null;
        if (options.OverloadSeconds > 0)
        {
            overload = await OverloadAsync(templates, sustained.PeakRss, cancellationToken);
        }

        BreakdownResult? breakdown = null;
        if (options.BreakdownSpans > 0)
        {
            var commitSize = options.BreakdownCommit > 0 ? options.BreakdownCommit : (int)Math.Clamp(Math.Round(sustained.MeanCommitSize), 1, 1_000_000);
            breakdown = await Breakdown.RunAsync(templates, raw, pool, commitSize, options.BreakdownSpans, work, cancellationToken);
            PrintBreakdown(breakdown, sustained);
        }

        var p99 = Percentiles.OfSorted(sustained.Load.AckLatenciesMs, 0.99);
        report.Line($"Load average at the end: {MachineInfo.LoadAverage()}");
        report.Line();
        report.Line("## Goals");
        report.Line();
        var goals = new TextTable("goal", "measured", "verdict")
            .Row(">= 50,000 spans/s sustained (the lower of acknowledged and stored)", Units.Rate(sustained.Sustained), Report.Verdict(sustained.Sustained >= GoalSpansPerSecond))
            .Row(">= 0.5 x raw appender rate", Units.Fixed(ratio, 2), Report.Verdict(ratio >= GoalRatio))
            .Row("p99 acknowledgement <= 100 ms", Units.Ms(p99), Report.Verdict(p99 <= GoalP99Ms));
        if (overload is not null)
        {
            goals.Row("RSS bounded under overload", $"{Units.MiB(overload.FirstHalfPeak)} -> {Units.MiB(overload.SecondHalfPeak)}", Report.Verdict(overload.Bounded));
        }

        report.Table(goals);
        var saved = await report.SaveAsync($"ingest-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}.md", cancellationToken);
        Console.WriteLine();
        Console.WriteLine($"Report saved to {saved}");
        return 0;
    }

    private (List<BatchTemplate> Templates, List<Span> Pool) BuildTemplates()
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var baseNano = (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        var templates = new List<BatchTemplate>(options.Templates);
        for (var i = 0; i < options.Templates; i++)
        {
            var size = random.Next(options.Batch.Min, options.Batch.Max + 1);
            templates.Add(BatchTemplate.Create(GenAiBatches.Create(random, size, i, baseNano)));
        }

        // The rows of the raw baseline: the server's own mapping of the same requests.
        var mapper = new OtlpTraceMapper(new IngestLimits());
        var catalog = PriceCatalog.Create(BuiltInPrices.All);
        var pool = new List<Span>();
        foreach (var template in templates)
        {
            var mapped = mapper.Map(template.Request, "default", catalog);
            if (mapped.RejectedSpans > 0)
            {
                throw new InvalidOperationException("the synthetic spans should all be valid: " + string.Join("; ", mapped.Errors));
            }

            pool.AddRange(mapped.Spans);
        }

        var spans = templates.Sum(t => t.SpanCount);
        var bytes = templates.Sum(t => (long)t.Length);
        var priced = pool.Count(s => s.Pricing == PricingStatus.Priced);
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Built {templates.Count} requests, {spans:N0} spans ({bytes / (double)spans:F0} bytes/span in protobuf, {pool.Average(s => s.Attributes.Count) + 14:F0}+ attributes/span, {100.0 * priced / pool.Count:F0} % priced) in {watch.Elapsed.TotalSeconds:F1} s"));
        report.Line();
        return (templates, pool);
    }

    private async Task<SustainedOutcome> SustainedAsync(List<BatchTemplate> templates, CancellationToken cancellationToken)
    {
        report.Line($"## Sustained: {options.Clients} clients, {options.Seconds} s after {options.Warmup} s warm-up");
        report.Line();
        var dir = Path.Combine(work, "sustained");
        await using var server = await StartServerAsync(dir, null, cancellationToken);
        using var http = NewHttpClient();
        var runner = new LoadRunner(http, new Uri(server.Http, "v1/traces"), templates, new SpanSequence(0x5157_0000_0000_0001));
        var plan = new LoadPlan
        {
            Clients = options.Clients,
            Warmup = TimeSpan.FromSeconds(options.Warmup),
            Measure = TimeSpan.FromSeconds(options.Seconds),
            HonourRetryAfter = true,
        };

        using var monitorStop = new CancellationTokenSource();
        var seen = new ServerMonitor();
        var monitor = Task.Run(() => seen.RunAsync(http, server, plan.Warmup, monitorStop.Token), CancellationToken.None);
        var load = await runner.RunAsync(plan, cancellationToken);
        var windowEnd = server.Sampler.Now;
        var after = await PrometheusText.ScrapeAsync(http, server.Http, cancellationToken);
        await monitorStop.CancelAsync();
        await monitor;
        var before = seen.AtStart;

        var stop = Stopwatch.StartNew();
        var exit = await server.StopAsync(TimeSpan.FromSeconds(120));
        var stopSeconds = stop.Elapsed.TotalSeconds;

        double Delta(string name) => after.GetValueOrDefault(name) - before.GetValueOrDefault(name);
        var commits = Delta("vigil_store_commits");
        var commitSeconds = Delta("vigil_store_commit_seconds");
        var committed = Delta("vigil_store_committed_items");
        var gcPause = Delta("system_runtime_dotnet_gc_pause_time");
        var allocated = Delta("system_runtime_dotnet_gc_heap_total_allocated");
        var windowSeconds = (windowEnd - seen.StartedAt).TotalSeconds;
        var peak = server.Sampler.PeakRss(seen.StartedAt, windowEnd);
        var serverCores = server.Sampler.AverageCores(seen.StartedAt, windowEnd);
        var clientCores = (Process.GetCurrentProcess().TotalProcessorTime - seen.ClientCpuAtStart).TotalSeconds / windowSeconds;

        var l = load;
        var storedRate = committed / windowSeconds;
        var table = new TextTable("measure", "value")
            .Row("sustained rate (acknowledged)", Units.Rate(l.SpansPerSecond) + " spans")
            .Row("sustained rate (committed to the store in the window)", Units.Rate(storedRate) + " spans")
            .Row("queue depth at the end of the window (acknowledged, not yet stored)", Units.Count((long)after.GetValueOrDefault("vigil_ingest_queue_depth")))
            .Row("journal: syncs / exports per sync / mean sync time", string.Create(CultureInfo.InvariantCulture,
                $"{Delta("vigil_journal_syncs"):N0} / {Delta("vigil_journal_records") / Math.Max(1, Delta("vigil_journal_syncs")):F1} / {1000 * Delta("vigil_journal_sync_seconds") / Math.Max(1, Delta("vigil_journal_syncs")):F1} ms"))
            .Row("requests: acknowledged / 429 / 503 / other", $"{Units.Count(l.Acknowledged)} / {Units.Count(l.Refused429)} / {Units.Count(l.Unavailable503)} / {Units.Count(l.OtherFailures)}")
            .Row("spans acknowledged in the window", Units.Count(l.AcknowledgedSpans))
            .Row("ack latency p50 / p95 / p99 / max", string.Join(" / ", LatencyQuantiles.Select(q => Units.Ms(Percentiles.OfSorted(l.AckLatenciesMs, q)))))
            .Row("server peak RSS (VmRSS)", Units.MiB(peak))
            .Row("server CPU / client CPU (cores, of " + Environment.ProcessorCount + ")", Units.Fixed(serverCores, 2) + " / " + Units.Fixed(clientCores, 2))
            .Row("commits (group commits) in the window", Units.Count((long)commits))
            .Row("mean commit size / mean commit time", string.Create(CultureInfo.InvariantCulture, $"{committed / Math.Max(1, commits):N0} spans / {1000 * commitSeconds / Math.Max(1, commits):F1} ms"))
            .Row("writer busy (commit time / wall time)", string.Create(CultureInfo.InvariantCulture, $"{100 * commitSeconds / windowSeconds:F0} %"))
            .Row("store rate while committing", Units.Rate(committed / Math.Max(1e-9, commitSeconds)) + " spans")
            .Row("queue depth max (sampled every 0.5 s)", Units.Count((long)seen.Max(m => m.QueueDepth, seen.StartedAt, windowEnd)))
            .Row("longest commit seen (sampled every 0.5 s)", Units.Ms(1000 * seen.Max(m => m.LastCommitSeconds, seen.StartedAt, windowEnd)))
            .Row("GC pauses (all threads stopped) / allocated per committed span", string.Create(CultureInfo.InvariantCulture,
                $"{gcPause:F1} s = {100 * gcPause / windowSeconds:F0} % of the window / {allocated / Math.Max(1, committed) / 1024:F1} KiB"))
            .Row("gen2 + LOH after the last GC, peak", Units.MiB((long)seen.Max(m => m.Gen2AfterGc + m.LohAfterGc, seen.StartedAt, windowEnd)))
            .Row("managed heap peak / GC committed peak", $"{Units.MiB((long)seen.Max(m => m.ManagedHeap, seen.StartedAt, windowEnd))} / {Units.MiB((long)seen.Max(m => m.GcCommitted, seen.StartedAt, windowEnd))}")
            .Row("graceful stop (drain + close)", string.Create(CultureInfo.InvariantCulture, $"{stopSeconds:F1} s, exit code {exit}"));
        report.Table(table);
        var tenths = Enumerable.Range(0, 10).Select(i => (From: seen.StartedAt + ((windowEnd - seen.StartedAt) * i / 10), To: seen.StartedAt + ((windowEnd - seen.StartedAt) * (i + 1) / 10))).ToList();
        report.Line("Peak RSS by tenth of the window (MiB): " + string.Join(", ", tenths.Select(t => (server.Sampler.PeakRss(t.From, t.To) / 1048576).ToString(CultureInfo.InvariantCulture))));
        report.Line("GC committed by tenth (MiB):           " + string.Join(", ", tenths.Select(t => ((long)seen.Max(m => m.GcCommitted, t.From, t.To) / 1048576).ToString(CultureInfo.InvariantCulture))));
        if (l.FirstFailure is not null)
        {
            report.Line($"First failure: {l.FirstFailure}");
        }

        report.Line();
        return new SustainedOutcome(load, peak, committed / Math.Max(1, commits), commitSeconds / windowSeconds, committed / Math.Max(1e-9, commitSeconds), serverCores, Math.Min(l.SpansPerSecond, storedRate));
    }

    private double RawBaseline(RawSpanRows raw, long rows)
    {
        report.Line($"## Raw DuckDB appender (the ceiling): {Units.Count(rows)} rows, one Appender, fresh file");
        report.Line();
        var dir = Path.Combine(work, "raw");
        DuckDbDatabase.Open(dir, TimeProvider.System).Dispose();
        using var connection = new DuckDBConnection($"Data Source={Path.Combine(dir, DuckDbDatabase.FileName)}");
        connection.Open();
        var baseNano = (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        var watch = Stopwatch.StartNew();
        raw.Append(connection, 0, rows, 1, TimeProvider.System.GetUtcNow().UtcDateTime, baseNano);
        var seconds = watch.Elapsed.TotalSeconds;
        var rate = rows / seconds;
        report.Line(string.Create(CultureInfo.InvariantCulture, $"Raw appender: {rows:N0} rows in {seconds:F1} s = {rate:N0} rows/s"));
        report.Line();
        return rate;
    }

    private async Task<OverloadOutcome> OverloadAsync(List<BatchTemplate> templates, long sustainedPeak, CancellationToken cancellationToken)
    {
        report.Line($"## Overload: {options.OverloadClients} clients without pause, queue.capacity {Units.Count(options.OverloadCapacity)}, {options.OverloadSeconds} s");
        report.Line();
        var dir = Path.Combine(work, "overload");
        var yaml = string.Create(CultureInfo.InvariantCulture, $"queue:\n  capacity: {options.OverloadCapacity}\n");
        await using var server = await StartServerAsync(dir, yaml, cancellationToken);
        using var http = NewHttpClient();
        var runner = new LoadRunner(http, new Uri(server.Http, "v1/traces"), templates, new SpanSequence(0x0f1d_0000_0000_0001));
        var plan = new LoadPlan
        {
            Clients = options.OverloadClients,
            Warmup = TimeSpan.FromSeconds(2),
            Measure = TimeSpan.FromSeconds(options.OverloadSeconds),
            HonourRetryAfter = false,
        };
        var from = server.Sampler.Now + plan.Warmup;
        using var monitorStop = new CancellationTokenSource();
        var seen = new ServerMonitor();
        var monitor = Task.Run(() => seen.RunAsync(http, server, plan.Warmup, monitorStop.Token), CancellationToken.None);
        var load = await runner.RunAsync(plan, cancellationToken);
        var to = server.Sampler.Now;
        await monitorStop.CancelAsync();
        await monitor;
        var middle = from + ((to - from) / 2);
        var first = server.Sampler.PeakRss(from, middle);
        var second = server.Sampler.PeakRss(middle, to);
        var metrics = await PrometheusText.ScrapeAsync(http, server.Http, cancellationToken);
        var committed = metrics.GetValueOrDefault("vigil_store_committed_items");
        await server.StopAsync(TimeSpan.FromSeconds(120));

        var bounded = second <= first * 1.10;
        var refusedShare = load.Requests == 0 ? 0 : (double)load.Refused429 / load.Requests;
        var table = new TextTable("measure", "value")
            .Row("acknowledged rate", Units.Rate(load.SpansPerSecond) + " spans")
            .Row("requests: acknowledged / 429 / 503 / other", $"{Units.Count(load.Acknowledged)} / {Units.Count(load.Refused429)} / {Units.Count(load.Unavailable503)} / {Units.Count(load.OtherFailures)}")
            .Row("refused share of requests", string.Create(CultureInfo.InvariantCulture, $"{100 * refusedShare:F0} %"))
            .Row("ack latency p50 / p99", $"{Units.Ms(Percentiles.OfSorted(load.AckLatenciesMs, 0.5))} / {Units.Ms(Percentiles.OfSorted(load.AckLatenciesMs, 0.99))}")
            .Row("429 answer latency p50 / p99", $"{Units.Ms(Percentiles.OfSorted(load.RefusalLatenciesMs, 0.5))} / {Units.Ms(Percentiles.OfSorted(load.RefusalLatenciesMs, 0.99))}")
            .Row("items refused by the server (vigil_ingest_refused_items)", Units.Count((long)metrics.GetValueOrDefault("vigil_ingest_refused_items")))
            .Row("spans in the store at the end (vigil_store_committed_items)", Units.Count((long)committed))
            .Row("peak RSS: first half / second half / sustained phase", $"{Units.MiB(first)} / {Units.MiB(second)} / {Units.MiB(sustainedPeak)}")
            .Row("managed heap peak: first half / second half", $"{Units.MiB((long)seen.Max(m => m.ManagedHeap, from, middle))} / {Units.MiB((long)seen.Max(m => m.ManagedHeap, middle, to))}")
            .Row("GC committed peak: first half / second half", $"{Units.MiB((long)seen.Max(m => m.GcCommitted, from, middle))} / {Units.MiB((long)seen.Max(m => m.GcCommitted, middle, to))}")
            .Row("gen2 + LOH after the last GC, peak: first half / second half", $"{Units.MiB((long)seen.Max(m => m.Gen2AfterGc + m.LohAfterGc, from, middle))} / {Units.MiB((long)seen.Max(m => m.Gen2AfterGc + m.LohAfterGc, middle, to))}")
            .Row("queue depth max / longest commit seen", $"{Units.Count((long)seen.Max(m => m.QueueDepth, from, to))} / {Units.Ms(1000 * seen.Max(m => m.LastCommitSeconds, from, to))}")
            .Row("memory bounded (second-half peak <= 1.1 x first-half peak)", bounded ? "yes" : "no");
        report.Table(table);
        var tenths = Enumerable.Range(0, 10).Select(i => (From: from + ((to - from) * i / 10), To: from + ((to - from) * (i + 1) / 10))).ToList();
        report.Line("Peak RSS by tenth of the phase (MiB): " + string.Join(", ", tenths.Select(t => (server.Sampler.PeakRss(t.From, t.To) / 1048576).ToString(CultureInfo.InvariantCulture))));
        report.Line("Peak managed heap by tenth (MiB):     " + string.Join(", ", tenths.Select(t => ((long)seen.Max(m => m.ManagedHeap, t.From, t.To) / 1048576).ToString(CultureInfo.InvariantCulture))));
        if (load.FirstFailure is not null)
        {
            report.Line($"First failure: {load.FirstFailure}");
        }

        report.Line();
        return new OverloadOutcome(first, second, bounded);
    }

    private void PrintBreakdown(BreakdownResult b, SustainedOutcome sustained)
    {
        report.Line($"## Where the time goes (in process, one thread, commits of {Units.Count(b.CommitSize)} spans{(options.BreakdownCommit > 0 ? string.Empty : " as the server made them")})");
        report.Line();
        var budget = 1e6 / sustained.Load.SpansPerSecond;
        var rollups = b.StoreMicros - b.RawTxMicros - b.JsonMicros;
        var table = new TextTable("step", "us/span", "one-core ceiling")
            .Row("protobuf parse (request threads)", Units.Fixed(b.ParseMicros, 2), Units.Rate(1e6 / b.ParseMicros))
            .Row("OTLP -> span mapping + pricing (request threads)", Units.Fixed(b.MapMicros, 2), Units.Rate(1e6 / b.MapMicros))
            .Row("raw appender in transactions of the same size (writer)", Units.Fixed(b.RawTxMicros, 2), Units.Rate(1e6 / b.RawTxMicros))
            .Row(string.Create(CultureInfo.InvariantCulture, $"  of which the commit itself ({b.CommitMs:F1} ms per commit, WAL fsync)"), Units.Fixed(1000 * b.CommitMs / b.CommitSize, 2), string.Empty)
            .Row("DuckDbTelemetryStore.AppendAsync (writer)", Units.Fixed(b.StoreMicros, 2), Units.Rate(1e6 / b.StoreMicros))
            .Row("  of which attribute JSON (System.Text.Json)", Units.Fixed(b.JsonMicros, 2), string.Empty)
            .Row("  of which rollup SQL and the rest (store - raw - JSON)", Units.Fixed(rollups, 2), string.Empty)
            .Row("server, whole path, measured (wall time per acknowledged span)", Units.Fixed(budget, 2), Units.Rate(sustained.Load.SpansPerSecond));
        report.Table(table);
        var commits = b.StoreCommitsMs;
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"AppendAsync per commit of {b.CommitSize:N0} spans ({commits.Length} commits, {b.StoreSpans:N0} spans): p50 {Percentiles.OfSorted(commits, 0.5):F0} ms, p99 {Percentiles.OfSorted(commits, 0.99):F0} ms, max {commits[^1]:F0} ms."));
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"DuckDB memory after appending them (duckdb_memory()): {Units.MiB(b.DuckDbMemory.Bytes)}; this process's RSS grew {Units.MiB(b.RssGrowth)} over the run; memory_limit {b.DuckDbMemory.Limit}; checkpoint_threshold {b.DuckDbMemory.CheckpointThreshold}."));
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Allocated per span: parse {b.AllocatedPerSpan.Parse / 1024:F1} KiB, map {b.AllocatedPerSpan.Map / 1024:F1} KiB, AppendAsync {b.AllocatedPerSpan.Store / 1024:F1} KiB (the server as a whole: see the sustained table)."));
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"The single writer was busy {100 * sustained.WriterBusy:F0} % of the window and committed at {sustained.StoreRate:N0} spans/s while busy; the server used {sustained.ServerCores:F2} cores."));
        report.Line();
    }

    private async Task<VigilServer> StartServerAsync(string dir, string? yaml, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var server = await VigilServer.StartAsync(
            new VigilServerOptions { VigilDll = options.VigilDll, DataDirectory = Path.Combine(dir, "data"), WorkingDirectory = dir, ConfigYaml = yaml, Environment = options.ServerEnvironment },
            cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(vigil serve pid {server.ProcessId} ready at {server.Http} in {watch.Elapsed.TotalSeconds:F1} s)"));
        return server;
    }

    private static HttpClient NewHttpClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = int.MaxValue,
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <param name="Sustained">The lower of the acknowledged and the stored rate: acknowledging faster than the store takes only fills the queue.</param>
    private sealed record SustainedOutcome(LoadResult Load, long PeakRss, double MeanCommitSize, double WriterBusy, double StoreRate, double ServerCores, double Sustained);

    private sealed record OverloadOutcome(long FirstHalfPeak, long SecondHalfPeak, bool Bounded);
}
