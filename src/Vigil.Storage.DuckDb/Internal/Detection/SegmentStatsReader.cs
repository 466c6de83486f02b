using Vigil.Core.Detection;
using static Vigil.Storage.DuckDb.Internal.Detection.DetectionSql;

namespace Vigil.Storage.DuckDb.Internal.Detection;

/// <summary>
/// One feature's root spans per period counted from the range's start, per segment and as a whole (one grouping-sets pass), with
/// the evaluations of their traces whatever the evaluations' time: the quality scores' sum and count (finite
/// scores only) and the refusal scores (a score ≥ 0.5 is a refusal). An empty segment counts as none.
/// </summary>
internal static class SegmentStatsReader
{
    public static async Task<IReadOnlyList<SegmentStats>> ReadAsync(DuckDbDatabase database, SegmentStatsQuery query, CancellationToken cancellationToken)
    {
        var period = WholeMinutes(query.Period, nameof(query));
        var from = Nanos(query.Range.From);
        var to = Nanos(query.Range.To);
        if (to <= from)
        {
            return [];
        }

        var sql = new SqlBuilder();
        var project = sql.Param(query.ProjectId);
        var periodParam = sql.Param(period);
        var fromParam = sql.Param(from);
        var quality = List(sql, query.QualityScores);
        var refusal = sql.Param(query.RefusalScore);
        sql.Append($"""
            WITH roots AS (
                SELECT trace_id, nullif(segment, '') AS segment, ({fromParam} + {periodParam} * ((start_unix_nano - {fromParam}) // {periodParam}))::BIGINT AS period,
                       duration_ns::DOUBLE / 1e6 AS ms
                FROM spans
                WHERE project_id = {project} AND feature = {sql.Param(query.Feature)} AND parent_span_id IS NULL
                  AND start_unix_nano >= {fromParam} AND start_unix_nano < {sql.Param(to)}
            ),
            scores AS (
                SELECT trace_id,
                       coalesce(sum(score_value) FILTER (WHERE name IN ({quality}) AND isfinite(score_value)), 0) AS quality_sum,
                       count(*) FILTER (WHERE name IN ({quality}) AND isfinite(score_value)) AS quality_count,
                       count(*) FILTER (WHERE name = {refusal} AND score_value >= 0.5) AS refusals,
                       count(*) FILTER (WHERE name = {refusal}) AS refusal_scored
                FROM evaluations
                WHERE project_id = {project} AND (name IN ({quality}) OR name = {refusal})
                  AND trace_id IN (SELECT trace_id FROM roots)
                GROUP BY trace_id
            )
            SELECT period, segment, count(*)::BIGINT, quantile_cont(ms, 0.95),
                   coalesce(sum(quality_sum), 0)::DOUBLE, coalesce(sum(quality_count), 0)::BIGINT,
                   coalesce(sum(refusals), 0)::BIGINT, coalesce(sum(refusal_scored), 0)::BIGINT
            FROM roots LEFT JOIN scores USING (trace_id)
            GROUP BY GROUPING SETS ((period, segment), (period))
            HAVING grouping(segment) = 1 OR segment IS NOT NULL
            ORDER BY period, grouping(segment) DESC, segment
            """);
        return await ReadRowsAsync(database, sql, r => new SegmentStats(
            FromNanos(r.GetInt64(0)), String(r, 1), r.GetInt64(2), Double(r, 3),
            r.GetDouble(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7)),
            cancellationToken);
    }
}
