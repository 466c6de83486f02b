using System.Diagnostics;
using DuckDB.NET.Data;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Vigil.Core.Pricing;
using Vigil.Core.Spans;
using Vigil.Ingest;
using Vigil.Ingest.Otlp;
using Vigil.Storage.DuckDb;

namespace Vigil.Bench.Ingest;

/// <summary>Cost per span of each step of the server's write path, measured in process on one thread.</summary>
internal sealed record BreakdownResult(
    double ParseMicros, double MapMicros, double JsonMicros, double StoreMicros, double RawTxMicros, double CommitMs, int CommitSize, long StoreSpans)
{
    /// <summary>Durations of the store's AppendAsync calls, ascending, in ms.</summary>
    public required double[] StoreCommitsMs { get; init; }

    /// <summary>What DuckDB reported holding in memory (duckdb_memory()) after the store run, its memory_limit and checkpoint_threshold.</summary>
    public required (long Bytes, string Limit, string CheckpointThreshold) DuckDbMemory { get; init; }

    /// <summary>How much this process's resident memory grew while the store appended.</summary>
    public required long RssGrowth { get; init; }

    /// <summary>Bytes allocated per span by parse, map and the store's AppendAsync.</summary>
    public required (double Parse, double Map, double Store) AllocatedPerSpan { get; init; }
}

/// <summary>
/// Where the time goes: protobuf parse and OTLP mapping (done on request threads, in parallel),
/// then <see cref="DuckDbTelemetryStore.AppendAsync"/> at the commit size the server reached (one
/// writer, serial), against the raw Appender committing the same rows in transactions of the same
/// size. The difference between the last two is what the store adds per span: rollup SQL, the
/// attribute JSON and the transaction around it.
/// </summary>
internal static class Breakdown
{
    public static async Task<BreakdownResult> RunAsync(
        IReadOnlyList<BatchTemplate> templates, RawSpanRows raw, IReadOnlyList<Span> pool, int commitSize, long storeSpans, string workDirectory, CancellationToken cancellationToken)
    {
        var parse = PerSpan(templates, t => ExportTraceServiceRequest.Parser.ParseFrom(t.Bytes));
        var mapper = new OtlpTraceMapper(new IngestLimits());
        var catalog = PriceCatalog.Create(BuiltInPrices.All);
        var map = PerSpan(templates, t => mapper.Map(t.Request, "default", catalog));
        var parseAllocated = AllocatedPerSpan(templates, t => ExportTraceServiceRequest.Parser.ParseFrom(t.Bytes));
        var mapAllocated = AllocatedPerSpan(templates, t => mapper.Map(t.Request, "default", catalog));
        var json = PerSpan(pool, s => System.Text.Json.JsonSerializer.Serialize(s.Attributes));

        var batches = (int)Math.Max(1, storeSpans / commitSize);
        var now = TimeProvider.System.GetUtcNow();
        var baseNano = (now - DateTimeOffset.UnixEpoch).Ticks * 100 - TimeSpan.FromMinutes(1).Ticks * 100;
        var prepared = new List<TelemetryBatch>(batches);
        var seq = 0L;
        for (var b = 0; b < batches; b++)
        {
            var spans = new Span[commitSize];
            for (var i = 0; i < commitSize; i++, seq++)
            {
                var s = pool[(int)(seq % pool.Count)];
                spans[i] = s with
                {
                    TraceId = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{0xbe4c:x16}{seq + 1:x16}"),
                    SpanId = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seq + 1:x16}"),
                    StartUnixNano = baseNano + (seq * 1_000),
                };
            }

            prepared.Add(new TelemetryBatch { Spans = spans });
        }

        var storeDir = Path.Combine(workDirectory, "breakdown-store");
        double storeMicros;
        var commitTimes = new List<double>(batches);
        (long, string, string) duckDbMemory;
        double storeAllocated;
        long rssGrowth;
        using (var database = DuckDbDatabase.Open(storeDir, TimeProvider.System))
        {
            var store = new DuckDbTelemetryStore(database);
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var rssBefore = Environment.WorkingSet;
            var watch = Stopwatch.StartNew();
            foreach (var batch in prepared)
            {
                var started = Stopwatch.GetTimestamp();
                await store.AppendAsync(batch, cancellationToken);
                commitTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            storeMicros = watch.Elapsed.TotalMicroseconds / (batches * (double)commitSize);
            storeAllocated = (GC.GetTotalAllocatedBytes() - allocatedBefore) / (batches * (double)commitSize);
            rssGrowth = Environment.WorkingSet - rssBefore;

            // Another connection to the same file in this process shares the store's database instance.
            using var probe = new DuckDBConnection($"Data Source={database.FilePath}");
            probe.Open();
            using var command = probe.CreateCommand();
            command.CommandText = "SELECT (SELECT sum(memory_usage_bytes) FROM duckdb_memory())::BIGINT, current_setting('memory_limit'), current_setting('checkpoint_threshold')";
            using var reader = command.ExecuteReader();
            reader.Read();
            duckDbMemory = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
        }

        var rawDir = Path.Combine(workDirectory, "breakdown-raw");
        DuckDbDatabase.Open(rawDir, TimeProvider.System).Dispose();
        double rawMicros;
        double commitMs;
        using (var connection = new DuckDBConnection($"Data Source={Path.Combine(rawDir, DuckDbDatabase.FileName)}"))
        {
            connection.Open();
            var ingestedAt = now.UtcDateTime;
            var watch = Stopwatch.StartNew();
            for (var b = 0; b < batches; b++)
            {
                using (var begin = connection.CreateCommand())
                {
                    begin.CommandText = "BEGIN TRANSACTION";
                    begin.ExecuteNonQuery();
                }

                raw.Append(connection, (long)b * commitSize, commitSize, b + 1, ingestedAt, baseNano);
                using var commit = connection.CreateCommand();
                commit.CommandText = "COMMIT";
                commit.ExecuteNonQuery();
            }

            rawMicros = watch.Elapsed.TotalMicroseconds / (batches * (double)commitSize);

            // The fixed cost of a commit (WAL write and fsync): transactions of one row.
            const int commits = 50;
            watch.Restart();
            for (var c = 0; c < commits; c++)
            {
                using (var begin = connection.CreateCommand())
                {
                    begin.CommandText = "BEGIN TRANSACTION";
                    begin.ExecuteNonQuery();
                }

                raw.Append(connection, ((long)batches * commitSize) + c, 1, batches + c + 1, ingestedAt, baseNano);
                using var commit = connection.CreateCommand();
                commit.CommandText = "COMMIT";
                commit.ExecuteNonQuery();
            }

            commitMs = watch.Elapsed.TotalMilliseconds / commits;
        }

        return new BreakdownResult(parse, map, json, storeMicros, rawMicros, commitMs, commitSize, (long)batches * commitSize)
        {
            StoreCommitsMs = Harness.Percentiles.Sorted(commitTimes),
            DuckDbMemory = duckDbMemory,
            AllocatedPerSpan = (parseAllocated, mapAllocated, storeAllocated),
            RssGrowth = rssGrowth,
        };
    }

    /// <summary>Bytes allocated per span by one pass of <paramref name="work"/> over the templates (this thread only).</summary>
    private static double AllocatedPerSpan(IReadOnlyList<BatchTemplate> templates, Func<BatchTemplate, object> work)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var t in templates)
        {
            GC.KeepAlive(work(t));
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)templates.Sum(t => t.SpanCount);
    }

    private static double PerSpan(IReadOnlyList<BatchTemplate> templates, Func<BatchTemplate, object> work) =>
        PerItem(templates, t => t.SpanCount, work);

    private static double PerSpan(IReadOnlyList<Span> spans, Func<Span, object> work) =>
        PerItem(spans, _ => 1, work);

    /// <summary>Runs <paramref name="work"/> over the items for about two seconds (after one warm-up pass); µs per span.</summary>
    private static double PerItem<T>(IReadOnlyList<T> items, Func<T, int> spansOf, Func<T, object> work)
    {
        foreach (var item in items)
        {
            GC.KeepAlive(work(item));
        }

        var spans = 0L;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(2))
        {
            foreach (var item in items)
            {
                GC.KeepAlive(work(item));
                spans += spansOf(item);
            }
        }

        return watch.Elapsed.TotalMicroseconds / spans;
    }
}
