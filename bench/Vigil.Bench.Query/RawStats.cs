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
    /// Reads every per-feature hourly sketch text (rollup_hour_dim_sketch, dim 1 = feature, as the
    /// store's README describes it) and parses the "bucket:n" pairs: the part of the goal query that
    /// grows with hours × features. Null when the store has no such table.
    /// </summary>
    public static (int Texts, long Chars, long Pairs, double ReadMs, double ParseMs)? ProbeDimensionSketches(DuckDBConnection connection)
    {
        if (Scalar(connection, "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'rollup_hour_dim_sketch' AND column_name = 'sketch'") == 0)
        {
            return null;
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
        return (texts.Count, texts.Sum(t => (long)t.Length), pairs, readMs, watch.Elapsed.TotalMilliseconds);
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
