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
