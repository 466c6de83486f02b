using Vigil.Core.Detection;
using Vigil.Core.Queries;
using static Vigil.Storage.DuckDb.Internal.Detection.DetectionSql;

namespace Vigil.Storage.DuckDb.Internal.Detection;

/// <summary>
/// Steps per trace of one feature: the traces with a span of the feature in the range, counted over all their
/// spans within <see cref="DetectionSql.TraceMarginNanos"/> of it, kept when their earliest span starts in the range.
/// </summary>
internal static class TraceStepReader
{
    public static async Task<IReadOnlyList<TraceStepCount>> ReadAsync(
        DuckDbDatabase database, string projectId, string feature, TimeRange range, CancellationToken cancellationToken)
    {
        var from = Nanos(range.From);
        var to = Nanos(range.To);
        if (to <= from)
        {
            return [];
        }

        var sql = new SqlBuilder();
        var project = sql.Param(projectId);
        var fromParam = sql.Param(from);
        var toParam = sql.Param(to);
        sql.Append($"""
            WITH candidates AS (
                SELECT DISTINCT trace_key, trace_id
                FROM spans
                WHERE project_id = {project} AND feature = {sql.Param(feature)}
                  AND start_unix_nano >= {fromParam} AND start_unix_nano < {toParam}
            )
            SELECT s.trace_id, min(s.start_unix_nano)::BIGINT AS first_start, count(*) FILTER (WHERE s.{IsStep})::BIGINT
            FROM spans s
            SEMI JOIN candidates c ON s.trace_key = c.trace_key AND s.trace_id = c.trace_id
            WHERE s.project_id = {project}
              AND s.start_unix_nano >= {sql.Param(Add(from, -TraceMarginNanos))} AND s.start_unix_nano < {sql.Param(Add(to, TraceMarginNanos))}
            GROUP BY s.trace_id
            HAVING min(s.start_unix_nano) >= {fromParam} AND min(s.start_unix_nano) < {toParam}
            ORDER BY first_start, s.trace_id
            """);
        return await ReadRowsAsync(database, sql, r => new TraceStepCount(r.GetString(0), FromNanos(r.GetInt64(1)), checked((int)r.GetInt64(2))), cancellationToken);
    }
}
