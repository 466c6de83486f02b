using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Queries;
using Vigil.Storage.DuckDb.Internal;
using Xunit.Abstractions;

namespace Vigil.Storage.DuckDb.Tests;

public sealed class TimingScratch(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

    [TimingFact]
    public async Task StatsBreakdown()
    {
        var dir = "/tmp/vigil-duck-scratch/db3m";
        var exists = Directory.Exists(dir);
        using var database = DuckDbDatabase.Open(dir, new FakeTimeProvider(Start.AddDays(40)));
        var store = new DuckDbTelemetryStore(database, new DuckDbStoreOptions { CompactEveryBatches = 0 });
        if (!exists)
        {
            await database.WriteAsync(c => SyntheticData.Insert(c, 3_000_000, Start, days: 30), CancellationToken.None);
            await store.CompactRollupsAsync(Start.AddDays(31), CancellationToken.None);
        }

        using var connection = database.OpenReader();
        output.WriteLine($"dim rows {connection.ScalarInt64("SELECT count(*) FROM rollup_hour_dim")}, dim sketch rows {connection.ScalarInt64("SELECT count(*) FROM rollup_hour_dim_sketch")}");
        for (var round = 0; round < 3; round++)
        {
            var sql = new SqlBuilder();
            var source = new RollupSource(sql, "p1", Time.ToMicros(Start), Time.ToMicros(Start.AddDays(30)), SpanFilter.Any, RollupResolution.HourByDimension, 1);
            var step = sql.Param(Time.MicrosPerHour);
            sql.Append($"SELECT (epoch_us(t) // {step}) * {step} AS bucket_us, feature AS grp, CAST(metric AS INTEGER), bucket, sum(n)::BIGINT FROM ");
            source.AppendSketch(sql);
            sql.Append(" GROUP BY 1, 2, 3, 4");
            var text = sql.ToString();

            var watch = Stopwatch.StartNew();
            using (var command = sql.CreateCommand(connection))
            {
                command.CommandText = "SELECT count(*) FROM (" + text + ")";
                output.WriteLine($"rows {command.ExecuteScalar()} in {watch.ElapsedMilliseconds} ms (SQL only)");
            }

            watch.Restart();
            long sum = 0;
            using (var command = sql.CreateCommand(connection))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    sum += reader.GetInt64(0) + reader.GetInt32(2) + reader.GetInt16(3) + reader.GetInt64(4);
                    _ = reader.GetString(1);
                }
            }

            output.WriteLine($"read plain in {watch.ElapsedMilliseconds} ms");
            watch.Restart();
            await store.GetStatsAsync(new StatsQuery { ProjectId = "p1", Range = new TimeRange(Start, Start.AddDays(30)), Step = TimeSpan.FromHours(1), GroupBy = GroupBy.Feature }, CancellationToken.None);
            output.WriteLine($"whole GetStatsAsync {watch.ElapsedMilliseconds} ms");
        }
    }
}
