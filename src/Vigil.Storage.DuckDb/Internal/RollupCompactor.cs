using DuckDB.NET.Data;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Merges the per-batch rows of each minute into one row per key (batch_seq = 0) and rebuilds the
/// hourly rollups of the hours it touched, so that an hour row always equals the sum of that hour's
/// compacted minute rows. Readers rely on that invariant: hour rows plus the uncompacted
/// (batch_seq &gt; 0) minute rows count every span exactly once. The caller supplies the transaction.
/// </summary>
internal static class RollupCompactor
{
    public const string SummedMeasures =
        "sum(span_count)::BIGINT, sum(errors)::BIGINT, sum(input_tokens)::BIGINT, sum(output_tokens)::BIGINT, " +
        "sum(cache_read_tokens)::BIGINT, sum(cache_write_tokens)::BIGINT, sum(reasoning_tokens)::BIGINT, " +
        "sum(cost_sum), sum(priced_calls)::BIGINT, sum(unpriced_calls)::BIGINT, sum(duration_ms_sum)";

    /// <summary>Compacts every minute before <paramref name="beforeMicros"/> that has uncompacted rows.</summary>
    public static (long Minutes, long Hours) Compact(DuckDBConnection connection, long beforeMicros)
    {
        connection.Execute(
            """
            CREATE OR REPLACE TEMP TABLE compact_minutes AS
            SELECT DISTINCT project_id, minute FROM rollup_minute WHERE batch_seq > 0 AND minute < make_timestamp($before)
            UNION
            SELECT DISTINCT project_id, minute FROM rollup_minute_sketch WHERE batch_seq > 0 AND minute < make_timestamp($before)
            """,
            ("before", beforeMicros));
        try
        {
            var (count, first, last) = Extent(connection, "compact_minutes", "minute");
            if (count == 0)
            {
                return (0, 0);
            }

            var range = new (string, object?)[] { ("first", first), ("last", last) };
            connection.Execute(
                $"""
                CREATE OR REPLACE TEMP TABLE compact_rows AS
                SELECT r.project_id, r.minute, {Dimensions.List}, {SummedMeasures}, 0::BIGINT AS batch_seq
                FROM rollup_minute r SEMI JOIN compact_minutes c ON r.project_id = c.project_id AND r.minute = c.minute
                WHERE r.minute BETWEEN make_timestamp($first) AND make_timestamp($last)
                GROUP BY ALL
                """,
                range);
            connection.Execute(
                """
                DELETE FROM rollup_minute r USING compact_minutes c
                WHERE r.project_id = c.project_id AND r.minute = c.minute
                  AND r.minute BETWEEN make_timestamp($first) AND make_timestamp($last)
                """,
                range);
            connection.Execute("INSERT INTO rollup_minute SELECT * FROM compact_rows ORDER BY minute, project_id");

            connection.Execute(
                $"""
                CREATE OR REPLACE TEMP TABLE compact_rows AS
                SELECT r.project_id, r.minute, {Dimensions.List}, metric, bucket, sum(n)::BIGINT AS n, 0::BIGINT AS batch_seq
                FROM rollup_minute_sketch r SEMI JOIN compact_minutes c ON r.project_id = c.project_id AND r.minute = c.minute
                WHERE r.minute BETWEEN make_timestamp($first) AND make_timestamp($last)
                GROUP BY ALL
                """,
                range);
            connection.Execute(
                """
                DELETE FROM rollup_minute_sketch r USING compact_minutes c
                WHERE r.project_id = c.project_id AND r.minute = c.minute
                  AND r.minute BETWEEN make_timestamp($first) AND make_timestamp($last)
                """,
                range);
            connection.Execute("INSERT INTO rollup_minute_sketch SELECT * FROM compact_rows ORDER BY minute, project_id");

            connection.Execute(
                """
                CREATE OR REPLACE TEMP TABLE compact_hours AS
                SELECT DISTINCT project_id, date_trunc('hour', minute) AS hour FROM compact_minutes
                """);
            var hours = RebuildHours(connection);
            return (count, hours);
        }
        finally
        {
            connection.Execute("DROP TABLE IF EXISTS compact_minutes; DROP TABLE IF EXISTS compact_rows; DROP TABLE IF EXISTS compact_hours");
        }
    }

    /// <summary>
    /// Rebuilds the hour rows listed in the temp table <c>compact_hours(project_id, hour)</c> from the
    /// compacted minute rows, then their projections on each dimension.
    /// </summary>
    public static long RebuildHours(DuckDBConnection connection)
    {
        var (count, first, last) = Extent(connection, "compact_hours", "hour");
        if (count == 0)
        {
            return 0;
        }

        var range = new (string, object?)[] { ("first", first), ("last", last + Time.MicrosPerHour) };
        foreach (var table in new[] { "rollup_hour", "rollup_hour_sketch", "rollup_hour_dim", "rollup_hour_dim_sketch" })
        {
            connection.Execute(
                $"""
                DELETE FROM {table} r USING compact_hours h
                WHERE r.project_id = h.project_id AND r.hour = h.hour
                  AND r.hour >= make_timestamp($first) AND r.hour < make_timestamp($last)
                """,
                range);
        }

        foreach (var (hourTable, minuteTable, columns, sums) in new[]
        {
            ("rollup_hour", "rollup_minute", Dimensions.List, SummedMeasures),
            ("rollup_hour_sketch", "rollup_minute_sketch", $"{Dimensions.List}, metric, bucket", "sum(n)::BIGINT"),
        })
        {
            connection.Execute(
                $"""
                INSERT INTO {hourTable}
                SELECT r.project_id, date_trunc('hour', r.minute) AS hour, {columns}, {sums}
                FROM {minuteTable} r SEMI JOIN compact_hours h ON r.project_id = h.project_id AND date_trunc('hour', r.minute) = h.hour
                WHERE r.batch_seq = 0 AND r.minute >= make_timestamp($first) AND r.minute < make_timestamp($last)
                GROUP BY ALL
                ORDER BY hour, r.project_id
                """,
                range);
        }

        connection.Execute(
            $"""
            INSERT INTO rollup_hour_dim
            SELECT r.project_id, r.hour, d.dim, {Dimensions.ValueOfDim} AS value, {SummedMeasures}
            FROM rollup_hour r SEMI JOIN compact_hours h ON r.project_id = h.project_id AND r.hour = h.hour
            CROSS JOIN range(7) d(dim)
            WHERE r.hour >= make_timestamp($first) AND r.hour < make_timestamp($last)
            GROUP BY ALL
            ORDER BY r.hour, r.project_id
            """,
            range);
        // Migration 0003 converts old text sketches with the same statement over their parsed pairs.
        connection.Execute(
            $"""
            INSERT INTO rollup_hour_dim_sketch
            SELECT project_id, hour, dim, value, metric, {SketchBlob.QuantileBuckets}, {SketchBlob.Aggregate}
            FROM (
                SELECT *, {SketchBlob.WindowColumns("project_id, hour, dim, value, metric")}
                FROM (
                    SELECT r.project_id, r.hour, d.dim, {Dimensions.ValueOfDim} AS value, metric, bucket, sum(n) AS n
                    FROM rollup_hour_sketch r SEMI JOIN compact_hours h ON r.project_id = h.project_id AND r.hour = h.hour
                    CROSS JOIN range(7) d(dim)
                    WHERE r.hour >= make_timestamp($first) AND r.hour < make_timestamp($last)
                    GROUP BY ALL
                    HAVING sum(n) > 0
                )
            )
            GROUP BY project_id, hour, dim, value, metric
            ORDER BY hour, project_id
            """,
            range);

        return count;
    }

    private static (long Count, long First, long Last) Extent(DuckDBConnection connection, string table, string column)
    {
        using var command = connection.Command($"SELECT count(*), coalesce(epoch_us(min({column})), 0), coalesce(epoch_us(max({column})), 0) FROM {table}");
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
