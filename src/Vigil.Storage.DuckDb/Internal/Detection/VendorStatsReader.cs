using Vigil.Core.Detection;
using Vigil.Core.Spans;
using static Vigil.Storage.DuckDb.Internal.Detection.DetectionSql;

namespace Vigil.Storage.DuckDb.Internal.Detection;

/// <summary>
/// Per provider and model, the LLM calls in the range that name a provider (a call without a model counts under
/// the empty model): errors (<see cref="SpanStatus.Error"/>), duration quantiles by linear interpolation, the p95
/// of <c>gen_ai.response.time_to_first_chunk</c> (seconds, kept by ingestion in the <c>attributes</c> JSON since no
/// column holds it; a value that is not a number is ignored), and the quality scores on the calls' traces: every
/// evaluation of the project named in the query on a trace that had a call of the group, whatever its time, each
/// counted once per group however many calls the trace had.
/// </summary>
internal static class VendorStatsReader
{
    internal const string TtftAttribute = "gen_ai.response.time_to_first_chunk";

    public static async Task<IReadOnlyList<VendorStats>> ReadAsync(DuckDbDatabase database, VendorStatsQuery query, CancellationToken cancellationToken)
    {
        var from = Nanos(query.Range.From);
        var to = Nanos(query.Range.To);
        if (to <= from)
        {
            return [];
        }

        var sql = new SqlBuilder();
        var project = sql.Param(query.ProjectId);
        var ttftPath = sql.Param(JsonPointer(TtftAttribute));
        var ttftKey = sql.Param(TtftAttribute);
        var quality = List(sql, query.QualityScores);
        var examples = query.Examples > 0 ? $"max_by(trace_id, ms, {sql.Param((long)query.Examples)})" : "[]::VARCHAR[]";
        sql.Append($"""
            WITH calls AS (
                SELECT provider, coalesce({Model}, '') AS model, trace_id, status,
                       duration_ns::DOUBLE / 1e6 AS ms,
                       CASE WHEN contains(attributes, {ttftKey})
                            THEN TRY_CAST(json_extract_string(attributes, {ttftPath}) AS DOUBLE) * 1000 END AS ttft_ms
                FROM spans
                WHERE project_id = {project}
                  AND start_unix_nano >= {sql.Param(from)} AND start_unix_nano < {sql.Param(to)}
                  AND {IsLlmCall} AND provider IS NOT NULL
            ),
            traces AS (
                SELECT provider, model, trace_id, max(ms) AS ms FROM calls GROUP BY ALL
            ),
            quality AS (
                SELECT t.provider, t.model, sum(e.score_value) AS score_sum, count(*)::BIGINT AS scored
                FROM traces t
                JOIN evaluations e ON e.trace_id = t.trace_id
                WHERE e.project_id = {project} AND e.name IN ({quality}) AND isfinite(e.score_value)
                GROUP BY ALL
            ),
            examples AS (
                SELECT provider, model, {examples} AS ids
                FROM traces
                GROUP BY ALL
            ),
            stats AS (
                SELECT provider, model, count(*)::BIGINT AS calls,
                       count(*) FILTER (WHERE status = {sql.Param((sbyte)SpanStatus.Error)})::BIGINT AS errors,
                       quantile_cont(ms, 0.5) AS p50, quantile_cont(ms, 0.95) AS p95, quantile_cont(ms, 0.99) AS p99,
                       quantile_cont(ttft_ms, 0.95) AS ttft_p95
                FROM calls
                GROUP BY ALL
            )
            SELECT s.provider, s.model, s.calls, s.errors, s.p50, s.p95, s.p99, s.ttft_p95,
                   q.score_sum / q.scored, coalesce(q.scored, 0)::BIGINT, e.ids
            FROM stats s
            LEFT JOIN quality q USING (provider, model)
            LEFT JOIN examples e USING (provider, model)
            ORDER BY s.provider, s.model
            """);
        return await ReadRowsAsync(database, sql, r => new VendorStats(
            r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3),
            Double(r, 4), Double(r, 5), Double(r, 6), Double(r, 7),
            Double(r, 8), r.GetInt64(9), r.IsDBNull(10) ? [] : r.GetFieldValue<List<string>>(10)),
            cancellationToken);
    }
}
