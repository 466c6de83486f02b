using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Slos;
using Vigil.Server.Slos;
using Vigil.Storage.DuckDb;

namespace Vigil.Bench.Slo;

/// <summary>What the start-up part measured.</summary>
internal sealed class BootstrapResult
{
    public long Spans { get; set; }
    public long Evaluations { get; set; }
    public double FillSeconds { get; set; }
    public long FileBytes { get; set; }
    public List<(Cost Cost, long Events)> Starts { get; } = [];
    public CostSample Scan { get; } = new();
    public Cost Materialize { get; set; }
    public long MaterializedRows { get; set; }
    public Cost ReadOnly { get; set; }
    public long ReadOnlyEvents { get; set; }
    public Cost NextTick { get; set; }
}

/// <summary>
/// Part 3: the start-up read. A store holding N spans (and evaluation results at the live ratio) over
/// the 30 days before the clock, appended in time-ordered batches of 50,000; then fresh engines (no
/// preloaded history), each timing its first <see cref="SloEngine.EvaluateAsync"/>, which reads every
/// event since now − horizon. Baseline: <c>SELECT count(*), sum(duration_ns) FROM spans</c> on a
/// reader connection of the same database instance (a connection to the same file in the same
/// process, as the store's readers open them).
/// </summary>
internal static class BootstrapRun
{
    private const int BatchSize = 50_000;
    private const int PageRows = 50_000;

    public static async Task<BootstrapResult> RunAsync(SloOptions options, IReadOnlyList<SloDefinition> slos, DateTimeOffset end, string directory, CancellationToken cancellationToken)
    {
        var result = new BootstrapResult();
        var clock = new FakeTimeProvider(end);
        using var database = DuckDbDatabase.Open(directory, clock);
        var store = new DuckDbTelemetryStore(database);
        var traffic = new Traffic(options.Seed + 2);
        var from = end - TimeSpan.FromDays(30);
        var batches = (int)Math.Ceiling(options.BootstrapSpans / (double)BatchSize);
        var stretch = (end - from) / batches;
        var fill = System.Diagnostics.Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            var spans = Math.Min(BatchSize, options.BootstrapSpans - (b * BatchSize));
            var evaluations = (int)((long)spans * options.EvaluationsPerTick / options.SpansPerTick);
            var slice = traffic.Generate(CoreRun.Nano(from + (stretch * b)), CoreRun.Nano(from + (stretch * (b + 1))), spans, evaluations, forSli: false);
            await store.AppendAsync(slice.Batch, cancellationToken);
            result.Spans += slice.Spans.Count;
            result.Evaluations += slice.Evaluations.Count;
            Console.Write($"\r  filling the store: {result.Spans:N0} spans");
        }

        result.FillSeconds = fill.Elapsed.TotalSeconds;
        Console.WriteLine();
        result.FileBytes = new FileInfo(database.FilePath!).Length;

        await using (var connection = new DuckDBConnection($"Data Source={database.FilePath}"))
        {
            await connection.OpenAsync(cancellationToken);
            for (var i = 0; i < 4; i++)
            {
                var scan = await CpuMeter.MeasureAsync(async () =>
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = "SELECT count(*), sum(duration_ns) FROM spans";
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    await reader.ReadAsync(cancellationToken);
                    _ = reader.GetInt64(0);
                });
                if (i > 0)
                {
                    result.Scan.Add(scan);
                }
            }

            var rows = 0L;
            result.Materialize = await CpuMeter.MeasureAsync(async () => rows = await MaterializeAsync(connection, cancellationToken));
            result.MaterializedRows = rows;
        }

        using var engine = new SloEngine(slos, store, clock, NullLogger<SloEngine>.Instance);
        result.Starts.Add(await StartAsync(engine, cancellationToken));
        using (var second = new SloEngine(slos, store, clock, NullLogger<SloEngine>.Instance))
        {
            result.Starts.Add(await StartAsync(second, cancellationToken));
        }

        // The store's read alone (no feeding, no evaluation), and the first tick after start, when the cost-per-task
        // SLOs settle every task read at start.
        var since = CoreRun.Nano(end - slos.Max(s => s.Horizon));
        result.ReadOnly = await CpuMeter.MeasureAsync(async () =>
        {
            long cursor = 0;
            while (true)
            {
                var page = await store.ReadSliEventsAsync(cursor, since, PageRows, cancellationToken);
                if (page.LastBatch == cursor)
                {
                    break;
                }

                result.ReadOnlyEvents += page.Spans.Count + page.Evaluations.Count;
                cursor = page.LastBatch;
            }
        });
        clock.Advance(options.Interval * 3);
        result.NextTick = await CpuMeter.MeasureAsync(() => engine.EvaluateAsync(cancellationToken));
        return result;
    }

    /// <summary>
    /// A second baseline: the span columns SLIs read, in commit order, every value taken out of the
    /// reader with a typed getter as the store's reader does — the floor for reading the rows through
    /// DuckDB.NET, without paging or building objects.
    /// </summary>
    private static async Task<long> MaterializeAsync(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT project_id, trace_id, parent_span_id, start_unix_nano, duration_ns, status, feature, team, segment, stage,
                   provider, coalesce(response_model, request_model), operation, cost, cache_hit
            FROM spans ORDER BY batch_seq, start_unix_nano
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long rows = 0, sink = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            sink += reader.GetInt64(3) + reader.GetInt64(4) + reader.GetFieldValue<sbyte>(5);
            foreach (var column in (ReadOnlySpan<int>)[0, 1, 2, 6, 7, 8, 9, 10, 11, 12])
            {
                sink += reader.IsDBNull(column) ? 0 : reader.GetString(column).Length;
            }

            sink += reader.IsDBNull(13) ? 0 : (long)reader.GetDecimal(13);
            sink += reader.IsDBNull(14) ? 0 : reader.GetBoolean(14) ? 1 : 0;
        }

        return sink == long.MinValue ? -1 : rows;
    }

    private static async Task<(Cost Cost, long Events)> StartAsync(SloEngine engine, CancellationToken cancellationToken)
    {
        var cost = await CpuMeter.MeasureAsync(() => engine.EvaluateAsync(cancellationToken));
        return (cost, engine.EventsRead);
    }
}
