using DuckDB.NET.Data;
using Vigil.Core.Ports;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Deletes raw rows (spans, evaluations, metric points) before one cutoff and rollup rows before
/// another, keeping an hour row equal to the sum of its remaining compacted minutes: whole hours
/// before the cutoff go, the hour the cutoff falls in is rebuilt. The caller supplies the transaction.
/// </summary>
internal static class RetentionWriter
{
    public static RetentionOutcome Apply(DuckDBConnection connection, long rawBeforeMicros, long rollupsBeforeMicros)
    {
        var raw = ("before", (object?)rawBeforeMicros);
        long spans = connection.Execute("DELETE FROM spans WHERE start_time < make_timestamp($before)", raw);
        connection.Execute("DELETE FROM evaluations WHERE time < make_timestamp($before)", raw);
        connection.Execute("DELETE FROM metric_points WHERE time < make_timestamp($before)", raw);

        var rollups = ("before", (object?)rollupsBeforeMicros);
        long rollupRows = 0;
        rollupRows += connection.Execute("DELETE FROM rollup_minute WHERE minute < make_timestamp($before)", rollups);
        rollupRows += connection.Execute("DELETE FROM rollup_minute_sketch WHERE minute < make_timestamp($before)", rollups);

        var hourFloor = ("before", (object?)Time.FloorTo(rollupsBeforeMicros, Time.MicrosPerHour));
        rollupRows += connection.Execute("DELETE FROM rollup_hour WHERE hour < make_timestamp($before)", hourFloor);
        rollupRows += connection.Execute("DELETE FROM rollup_hour_sketch WHERE hour < make_timestamp($before)", hourFloor);
        rollupRows += connection.Execute("DELETE FROM rollup_hour_dim WHERE hour < make_timestamp($before)", hourFloor);
        rollupRows += connection.Execute("DELETE FROM rollup_hour_dim_sketch WHERE hour < make_timestamp($before)", hourFloor);
        if (hourFloor.Item2 is long floor && floor != rollupsBeforeMicros)
        {
            connection.Execute(
                """
                CREATE OR REPLACE TEMP TABLE compact_hours AS
                SELECT DISTINCT project_id, hour FROM rollup_hour WHERE hour = make_timestamp($before)
                UNION
                SELECT DISTINCT project_id, hour FROM rollup_hour_sketch WHERE hour = make_timestamp($before)
                """,
                hourFloor);
            try
            {
                RollupCompactor.RebuildHours(connection);
            }
            finally
            {
                connection.Execute("DROP TABLE IF EXISTS compact_hours");
            }
        }

        return new RetentionOutcome(spans, rollupRows);
    }
}
