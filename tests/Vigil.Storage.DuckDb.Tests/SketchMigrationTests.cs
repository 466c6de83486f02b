using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Storage.Contracts;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb.Tests;

/// <summary>
/// Migration 0003 on a data directory written before it: a store whose schema is 0001 + 0002 (applied
/// and recorded as <see cref="MigrationRunner"/> did then) holding the rows such a store held — the
/// hourly per-dimension sketches as text — must open, convert them to the binary form, and answer
/// every stats query exactly as a store written by the current code does, before and after more data.
/// </summary>
public sealed class SketchMigrationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly DateTimeOffset T0 = TestSpans.T0;

    /// <summary>The tables of a 0002 store whose rows this test copies as they are (rollup_hour_dim_sketch is rebuilt as text).</summary>
    private static readonly string[] CopiedTables =
        ["spans", "rollup_minute", "rollup_minute_sketch", "rollup_hour", "rollup_hour_sketch", "rollup_hour_dim"];

    [Fact]
    public async Task Open_StoreWithOnly0001And0002_ConvertsTheTextSketches_AndAnswersLikeANewStore()
    {
        using var current = new TempDirectory();
        using var old = new TempDirectory();
        var clock = new FakeTimeProvider(T0.AddDays(1));
        var spans = new TestSpans();

        // The reference: the same spans written by this code. Minutes after T0 + 150 stay uncompacted.
        string expected;
        List<string> expectedRows;
        using (var database = DuckDbDatabase.Open(current.Path, clock))
        {
            var store = new DuckDbTelemetryStore(database, new DuckDbStoreOptions { CompactEveryBatches = 0 });
            foreach (var batch in Batches(spans, 0))
            {
                await store.AppendAsync(batch, CancellationToken.None).WaitAsync(Timeout);
            }

            await store.CompactRollupsAsync(T0.AddMinutes(150), CancellationToken.None).WaitAsync(Timeout);
            expected = await SnapshotAsync(store);
            expectedRows = DimensionSketchRows(database);
        }

        CreateOldStore(old.Path, Path.Combine(current.Path, DuckDbDatabase.FileName));
        using (var connection = new DuckDBConnection($"Data Source={Path.Combine(old.Path, DuckDbDatabase.FileName)}"))
        {
            connection.Open();
            Assert.Equal("VARCHAR", connection.Command("SELECT data_type FROM duckdb_columns() WHERE table_name = 'rollup_hour_dim_sketch' AND column_name = 'sketch'").ExecuteScalar());
            Assert.True(connection.ScalarInt64("SELECT count(*) FROM rollup_hour_dim_sketch") > 100);
        }

        using (var database = DuckDbDatabase.Open(old.Path, clock))
        using (var connection = database.OpenReader())
        {
            Assert.Equal(MigrationRunner.All.Select(m => m.Version), MigrationRunner.AppliedVersions(connection).Order());
            Assert.Equal("BLOB", connection.Command("SELECT data_type FROM duckdb_columns() WHERE table_name = 'rollup_hour_dim_sketch' AND column_name = 'sketch'").ExecuteScalar());
            Assert.Equal(expectedRows, DimensionSketchRows(database));

            var store = new DuckDbTelemetryStore(database, new DuckDbStoreOptions { CompactEveryBatches = 0 });
            Assert.Equal(expected, await SnapshotAsync(store));
        }

        // Both keep working the same: more spans into hours that already have rows, then compaction.
        var after = new string[2];
        for (var i = 0; i < 2; i++)
        {
            using var database = DuckDbDatabase.Open(i == 0 ? current.Path : old.Path, clock);
            var store = new DuckDbTelemetryStore(database, new DuckDbStoreOptions { CompactEveryBatches = 0 });
            foreach (var batch in Batches(new TestSpans(), 7))
            {
                await store.AppendAsync(batch, CancellationToken.None).WaitAsync(Timeout);
            }

            var mid = await SnapshotAsync(store);
            await store.CompactRollupsAsync(T0.AddDays(1), CancellationToken.None).WaitAsync(Timeout);
            Assert.Equal(mid, await SnapshotAsync(store));
            after[i] = mid;
        }

        Assert.Equal(after[0], after[1]);
        Assert.NotEqual(expected, after[0]);
    }

    [Fact]
    public void Migration0003_OnAStoreWithNoRollups_CreatesTheEmptyTableAndMacros()
    {
        using var old = new TempDirectory();
        using (var connection = new DuckDBConnection($"Data Source={Path.Combine(old.Path, DuckDbDatabase.FileName)}"))
        {
            connection.Open();
            ApplyMigrationsUpTo(connection, 2);
        }

        using var database = DuckDbDatabase.Open(old.Path, new FakeTimeProvider(T0));
        using var reader = database.OpenReader();
        Assert.Equal(0, reader.ScalarInt64("SELECT count(*) FROM rollup_hour_dim_sketch"));
        Assert.Equal("0a8001", (string?)reader.Command("SELECT sketch_pair_hex(CAST(5 AS SMALLINT), NULL, 128)").ExecuteScalar());
    }

    /// <summary>Spans over three hours: three features, three models (one absent), two projects, zero latencies, unpriced calls.</summary>
    private static IEnumerable<TelemetryBatch> Batches(TestSpans spans, int seed)
    {
        var features = new[] { "chat", "search", "agent" };
        var models = new[] { "gpt-4o", "claude", null };
        for (var batch = 0; batch < 10; batch++)
        {
            yield return new TelemetryBatch
            {
                Spans = [.. Enumerable.Range(0, 60).Select(i =>
                {
                    var n = (batch * 60) + i + seed;
                    return spans.Span(
                        project: n % 9 == 0 ? "p2" : "p1",
                        start: T0.AddSeconds(n * 29 % 10_800),
                        durationMs: n % 13 == 0 ? 0 : 3 + (n * 37 % 5_000),
                        feature: features[n % 3],
                        model: models[n % 3],
                        team: n % 5 == 0 ? null : "t" + (n % 2),
                        userId: "u" + (n % 4),
                        status: n % 11 == 0 ? SpanStatus.Error : SpanStatus.Ok,
                        cost: n % 7 == 0 ? null : n / 100_000m);
                })],
            };
        }
    }

    private static async Task<string> SnapshotAsync(DuckDbTelemetryStore store)
    {
        var results = new List<object>();
        foreach (var project in new[] { "p1", "p2" })
        {
            foreach (var step in new[] { 1, 60, 120, 1440 })
            {
                foreach (var groupBy in new[] { GroupBy.None, GroupBy.Feature, GroupBy.Model, GroupBy.Team })
                {
                    foreach (var (from, to) in new[] { (T0.AddDays(-1), T0.AddDays(1)), (T0.AddMinutes(17), T0.AddMinutes(161)) })
                    {
                        results.Add(await StatsAsync(store, project, step, groupBy, from, to, SpanFilter.Any));
                    }

                    results.Add(await StatsAsync(store, project, step, groupBy, T0.AddDays(-1), T0.AddDays(1), new SpanFilter { Feature = "chat" }));
                    results.Add(await StatsAsync(store, project, step, groupBy, T0.AddDays(-1), T0.AddDays(1), new SpanFilter { UserId = "u1" }));
                }
            }
        }

        return JsonSerializer.Serialize(results);
    }

    private static Task<StatsResult> StatsAsync(DuckDbTelemetryStore store, string project, int stepMinutes, GroupBy groupBy, DateTimeOffset from, DateTimeOffset to, SpanFilter filter) =>
        store.GetStatsAsync(
            new StatsQuery { ProjectId = project, Range = new TimeRange(from, to), Step = TimeSpan.FromMinutes(stepMinutes), GroupBy = groupBy, Filter = filter },
            CancellationToken.None).WaitAsync(Timeout);

    private static List<string> DimensionSketchRows(DuckDbDatabase database)
    {
        using var connection = database.OpenReader();
        using var command = connection.Command(
            """
            SELECT concat_ws(' ', project_id, epoch_us(hour), dim, value, metric, p50_bucket, p95_bucket, p99_bucket, hex(sketch))
            FROM rollup_hour_dim_sketch ORDER BY ALL
            """);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>
    /// A data directory as the code before migration 0003 left it: scripts 0001 and 0002 applied and
    /// recorded, the rows of <paramref name="sourceFile"/> in the tables 0003 leaves alone, and
    /// rollup_hour_dim_sketch filled as the compaction of that code filled it (text, <see cref="SketchText"/>).
    /// </summary>
    private static void CreateOldStore(string directory, string sourceFile)
    {
        using var connection = new DuckDBConnection($"Data Source={Path.Combine(directory, DuckDbDatabase.FileName)}");
        connection.Open();
        ApplyMigrationsUpTo(connection, 2);
        connection.Execute($"ATTACH '{sourceFile.Replace("'", "''", StringComparison.Ordinal)}' AS source (READ_ONLY)");
        foreach (var table in CopiedTables)
        {
            connection.Execute($"INSERT INTO {table} SELECT * FROM source.{table}");
        }

        connection.Execute("SELECT max(nextval('batch_seq_source')) FROM range((SELECT max(batch_seq) FROM source.spans))");
        connection.Execute("DETACH source");

        // RollupCompactor.RebuildHours before 0003, for every hour.
        connection.Execute(
            $"""
            INSERT INTO rollup_hour_dim_sketch
            SELECT project_id, hour, dim, value, metric, {SketchText.Aggregate}
            FROM (
                SELECT r.project_id, r.hour, d.dim, {Dimensions.ValueOfDim} AS value, metric, bucket, sum(n) AS n
                FROM rollup_hour_sketch r
                CROSS JOIN range(7) d(dim)
                GROUP BY ALL
            )
            GROUP BY ALL
            ORDER BY hour, project_id
            """);
    }

    /// <summary>What <see cref="MigrationRunner"/> does, stopping after <paramref name="lastVersion"/>.</summary>
    private static void ApplyMigrationsUpTo(DuckDBConnection connection, int lastVersion)
    {
        connection.Execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     INTEGER   PRIMARY KEY,
                name        VARCHAR   NOT NULL,
                applied_at  TIMESTAMP NOT NULL
            )
            """);
        foreach (var migration in MigrationRunner.All.Where(m => m.Version <= lastVersion))
        {
            connection.Execute(migration.Sql);
            connection.Execute(
                "INSERT INTO schema_migrations VALUES ($version, $name, make_timestamp($at))",
                ("version", migration.Version), ("name", migration.Name), ("at", Time.ToMicros(T0)));
        }

        Assert.Equal([1, 2], MigrationRunner.AppliedVersions(connection).Order());
    }
}
