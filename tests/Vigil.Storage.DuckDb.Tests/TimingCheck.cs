using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Storage.Contracts;
using Vigil.Storage.DuckDb.Internal;
using Xunit.Abstractions;

namespace Vigil.Storage.DuckDb.Tests;

/// <summary>Runs only with VIGIL_TIMING=1: prints timings, asserts none (tests never assert wall-clock times).</summary>
public sealed class TimingFactAttribute : FactAttribute
{
    public TimingFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("VIGIL_TIMING") != "1")
        {
            Skip = "timing check; set VIGIL_TIMING=1 to run it";
        }
    }
}

/// <summary>
/// A quick look at throughput and query latency on a file database:
/// <c>VIGIL_TIMING=1 VIGIL_TIMING_SPANS=3000000 dotnet test tests/Vigil.Storage.DuckDb.Tests --filter TimingCheck --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class TimingCheck(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

    [TimingFact]
    public async Task AppendThroughput()
    {
        foreach (var batchSize in new[] { 100, 1000, 5000 })
        {
            using var dir = new TempDirectory();
            using var database = DuckDbDatabase.Open(dir.Path, new FakeTimeProvider(Start.AddDays(40)));
            var store = new DuckDbTelemetryStore(database);
            var factory = new TestSpans();
            var batches = Enumerable.Range(0, 200_000 / batchSize)
                .Select(b => new TelemetryBatch { Spans = [.. Enumerable.Range(0, batchSize).Select(i => Synthetic(factory, (b * batchSize) + i))] })
                .ToList();
            var watch = Stopwatch.StartNew();
            foreach (var batch in batches)
            {
                await store.AppendAsync(batch, CancellationToken.None);
            }

            watch.Stop();
            output.WriteLine($"AppendAsync, batches of {batchSize}: {200_000 / watch.Elapsed.TotalSeconds:N0} spans/s ({watch.Elapsed.TotalMilliseconds / batches.Count:N2} ms per batch, compaction every 200 batches included)");
        }
    }

    [TimingFact]
    public void StagingTableVersusDirectAppender()
    {
        using var database = DuckDbDatabase.OpenInMemory(new FakeTimeProvider(Start));
        using var connection = database.OpenReader();
        var factory = new TestSpans();
        var spans = Enumerable.Range(0, 100_000).Select(i => Synthetic(factory, i)).ToList();
        connection.Execute("CREATE TEMP TABLE spans_stage AS SELECT * FROM spans LIMIT 0");
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var b = 0; b < 100; b++)
            {
                Transactions.Run(connection, c =>
                {
                    BatchAppender.AppendSpans(c, spans.GetRange(b * 1000, 1000), 1, DateTime.UnixEpoch);
                    return 0;
                });
            }

            var direct = watch.Elapsed;
            watch.Restart();
            for (var b = 0; b < 100; b++)
            {
                Transactions.Run(connection, c =>
                {
                    c.Execute("DELETE FROM spans_stage");
                    BatchAppender.AppendSpans(c, spans.GetRange(b * 1000, 1000), 1, DateTime.UnixEpoch, "spans_stage");
                    c.Execute("INSERT INTO spans SELECT * FROM spans_stage");
                    return 0;
                });
            }

            output.WriteLine($"100 × 1000 spans: direct appender {direct.TotalMilliseconds:N0} ms, via TEMP staging {watch.Elapsed.TotalMilliseconds:N0} ms");
        }
    }

    [TimingFact]
    public async Task QueriesOverMillionsOfSpans()
    {
        var count = long.Parse(Environment.GetEnvironmentVariable("VIGIL_TIMING_SPANS") ?? "3000000", CultureInfo.InvariantCulture);
        using var dir = new TempDirectory();
        using var database = DuckDbDatabase.Open(dir.Path, new FakeTimeProvider(Start.AddDays(40)));
        var store = new DuckDbTelemetryStore(database, new DuckDbStoreOptions { CompactEveryBatches = 0 });
        var watch = Stopwatch.StartNew();
        await database.WriteAsync(c => SyntheticData.Insert(c, count, Start, days: 30), CancellationToken.None);
        output.WriteLine($"generated {count:N0} spans over 30 days with per-day rollups: {watch.Elapsed.TotalSeconds:N1} s");
        watch.Restart();
        await store.CompactRollupsAsync(Start.AddDays(31), CancellationToken.None);
        output.WriteLine($"compaction of everything: {watch.Elapsed.TotalSeconds:N1} s");
        using (var c = database.OpenReader())
        {
            foreach (var table in new[] { "rollup_minute", "rollup_minute_sketch", "rollup_hour", "rollup_hour_sketch" })
            {
                output.WriteLine($"  {table}: {c.ScalarInt64("SELECT count(*) FROM " + table):N0} rows");
            }
        }

        var month = new TimeRange(Start, Start.AddDays(30));
        await TimeAsync("stats 30 d × 1 h × feature", () => store.GetStatsAsync(new StatsQuery { ProjectId = "p1", Range = month, Step = TimeSpan.FromHours(1), GroupBy = GroupBy.Feature }, CancellationToken.None));
        await TimeAsync("stats 30 d × 1 d × model", () => store.GetStatsAsync(new StatsQuery { ProjectId = "p1", Range = month, Step = TimeSpan.FromDays(1), GroupBy = GroupBy.Model }, CancellationToken.None));
        await TimeAsync("stats 30 d × 1 h, feature filter", () => store.GetStatsAsync(new StatsQuery { ProjectId = "p1", Range = month, Step = TimeSpan.FromHours(1), Filter = new SpanFilter { Feature = "feature-3" } }, CancellationToken.None));
        await TimeAsync("stats 24 h × 5 min × feature (minute rollups)", () => store.GetStatsAsync(new StatsQuery { ProjectId = "p1", Range = new TimeRange(Start.AddDays(10), Start.AddDays(11)), Step = TimeSpan.FromMinutes(5), GroupBy = GroupBy.Feature }, CancellationToken.None));
        await TimeAsync("stats 30 d × 1 h, user filter (raw spans)", () => store.GetStatsAsync(new StatsQuery { ProjectId = "p1", Range = month, Step = TimeSpan.FromHours(1), Filter = new SpanFilter { UserId = "user-7" } }, CancellationToken.None));
        await TimeAsync("costs 30 d", () => store.GetCostsAsync(new CostQuery { ProjectId = "p1", Range = month }, CancellationToken.None));
        await TimeAsync("search 30 d, first page", () => store.SearchTracesAsync(new TraceQuery { ProjectId = "p1", Range = month }, CancellationToken.None));
        await TimeAsync("search 1 h, errors only", () => store.SearchTracesAsync(new TraceQuery { ProjectId = "p1", Range = new TimeRange(Start.AddDays(3), Start.AddDays(3).AddHours(1)), Status = SpanStatus.Error }, CancellationToken.None));
        var traceId = (await store.SearchTracesAsync(new TraceQuery { ProjectId = "p1", Range = month, Limit = 1 }, CancellationToken.None)).Items[0].TraceId;
        await TimeAsync("get trace", () => store.GetTraceAsync("p1", traceId, CancellationToken.None));
    }

    private async Task TimeAsync<T>(string name, Func<Task<T>> query)
    {
        for (var i = 0; i < 3; i++)
        {
            await query();
        }

        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"{name}: median {times.Order().ElementAt(2):N1} ms (min {times.Min():N1}, max {times.Max():N1})");
    }

    private static Span Synthetic(TestSpans factory, int n) =>
        factory.Span(
            start: Start.AddDays(35).AddMilliseconds(n * 7),
            durationMs: 20 + (n * 37 % 4000),
            feature: "feature-" + (n % 10),
            team: "team-" + (n % 4),
            model: "model-" + (n % 5),
            userId: "user-" + (n % 1000),
            cost: n % 20 == 0 ? null : (n % 1000) / 100_000m) with
        {
            Attributes = new Dictionary<string, string> { ["gen_ai.request.temperature"] = "0.2", ["k"] = "v" },
            FinishReasons = ["stop"],
        };
}
