using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

namespace Vigil.Bench.Query;

/// <summary>
/// The baseline: the same answer computed the naive way, from raw spans, in one SQL statement
/// (count, errors, tokens, cost and exact latency and cost quantiles per feature and hour), on the
/// store's file opened directly once the server has released it.
/// </summary>
internal static class RawStats
{
    public static string Sql(DateTimeOffset from, DateTimeOffset to) => string.Create(CultureInfo.InvariantCulture, $"""
        SELECT feature, epoch_us(date_trunc('hour', start_time)) AS hour_us,
               count(*) AS spans, count(*) FILTER (WHERE status = 2) AS errors,
               coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS output_tokens,
               coalesce(sum(cost), 0)::DOUBLE AS cost_sum,
               quantile_cont(duration_ns / 1000000.0, [0.5, 0.95, 0.99]) AS latency_ms,
               quantile_cont(CAST(cost AS DOUBLE), [0.5, 0.95, 0.99]) AS cost_quantiles
        FROM spans
        WHERE project_id = 'default'
          AND start_time >= make_timestamp({Micros(from)}) AND start_time < make_timestamp({Micros(to)})
        GROUP BY ALL
        """);

    public static (StatsAnswer Answer, double Milliseconds) Run(DuckDBConnection connection, string sql)
    {
        var watch = Stopwatch.StartNew();
        var answer = new StatsAnswer();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var latency = reader.IsDBNull(7) ? null : reader.GetFieldValue<List<double>>(7);
            if (!reader.IsDBNull(8))
            {
                GC.KeepAlive(reader.GetFieldValue<List<double>>(8));
            }

            answer.Cells[(reader.GetString(0), reader.GetInt64(1))] = new StatsCell(
                reader.GetInt64(2), reader.GetDouble(6), latency?[0], latency?[1], latency?[2]);
        }

        return (answer, watch.Elapsed.TotalMilliseconds);
    }

    public static long Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Reads every per-feature hourly sketch (rollup_hour_dim_sketch, dim 1 = feature, as the store's
    /// README describes it) and takes its bucket:count pairs apart: the part of the goal query that grows
    /// with hours × features when sketches are merged. Text sketches ("bucket:n,…", before migration 0003)
    /// are split; binary ones (a version byte, then varints: bucket step and count per pair) are walked
    /// varint by varint. Null when the store has no such column.
    /// </summary>
    public static SketchProbe? ProbeDimensionSketches(DuckDBConnection connection)
    {
        using (var type = connection.CreateCommand())
        {
            type.CommandText = "SELECT data_type FROM duckdb_columns() WHERE table_name = 'rollup_hour_dim_sketch' AND column_name = 'sketch'";
            var form = type.ExecuteScalar() as string;
            if (form == "BLOB")
            {
                return ProbeBlobs(connection);
            }

            if (form is null)
            {
                return null;
            }
        }

        var watch = Stopwatch.StartNew();
        var texts = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT sketch FROM rollup_hour_dim_sketch WHERE dim = 1";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                texts.Add(reader.GetString(0));
            }
        }

        var readMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        long pairs = 0;
        long sum = 0;
        foreach (var text in texts)
        {
            foreach (var range in text.AsSpan().Split(','))
            {
                var pair = text.AsSpan(range);
                var colon = pair.IndexOf(':');
                sum += long.Parse(pair[(colon + 1)..], CultureInfo.InvariantCulture) + int.Parse(pair[..colon], CultureInfo.InvariantCulture);
                pairs++;
            }
        }

        GC.KeepAlive(sum);
        return new SketchProbe("texts", "M characters", texts.Count, texts.Sum(t => (long)t.Length), pairs, readMs, watch.Elapsed.TotalMilliseconds);
    }

    private static SketchProbe ProbeBlobs(DuckDBConnection connection)
    {
        var watch = Stopwatch.StartNew();
        var blobs = new List<byte[]>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT sketch FROM rollup_hour_dim_sketch WHERE dim = 1";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                using var stream = reader.GetStream(0);
                var blob = new byte[stream.Length];
                stream.ReadExactly(blob);
                blobs.Add(blob);
            }
        }

        var readMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        long numbers = 0;
        ulong sum = 0;
        foreach (var blob in blobs)
        {
            ulong value = 0;
            var shift = 0;
            for (var i = 1; i < blob.Length; i++)
            {
                value |= (ulong)(blob[i] & 0x7F) << shift;
                shift += 7;
                if (blob[i] < 0x80)
                {
                    sum += value;
                    numbers++;
                    value = 0;
                    shift = 0;
                }
            }
        }

        GC.KeepAlive(sum);
        return new SketchProbe("blobs", "MiB", blobs.Count, blobs.Sum(b => (long)b.Length), numbers / 2, readMs, watch.Elapsed.TotalMilliseconds);
    }

    public static List<string> Strings(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static long Micros(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / 10;
}

/// <summary>What reading and taking apart every per-feature hourly sketch cost (see <see cref="RawStats.ProbeDimensionSketches"/>).</summary>
internal sealed record SketchProbe(string Form, string SizeUnit, int Rows, long Size, long Pairs, double ReadMs, double ParseMs);
