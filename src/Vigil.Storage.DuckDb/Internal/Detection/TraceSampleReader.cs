using Vigil.Core.Detection;
using Vigil.Core.Queries;
using static Vigil.Storage.DuckDb.Internal.Detection.DetectionSql;

namespace Vigil.Storage.DuckDb.Internal.Detection;

/// <summary>
/// A deterministic sample of one feature's traces whose root span (the earliest, should a trace have two) started
/// in the range: the traces with the lowest <c>trace_key</c> (the stored 64-bit FNV-1a hash of the trace id, stable
/// across DuckDB versions, unlike <c>hash()</c>), then per trace the root's content (the input else the first retrieval's query, else the first LLM call's; the
/// output else the first LLM call's), the
/// LLM calls' summed tokens and cost, the root's duration and the first call's model and first finish reason, the
/// distinct tool names of its tool calls, and the mean of each evaluation on it.
/// Calls are looked for from the range's start to <see cref="DetectionSql.TraceMarginNanos"/> after its end.
/// </summary>
internal static class TraceSampleReader
{
    public static async Task<IReadOnlyList<TraceSample>> ReadAsync(
        DuckDbDatabase database, string projectId, string feature, TimeRange range, int limit, CancellationToken cancellationToken)
    {
        var from = Nanos(range.From);
        var to = Nanos(range.To);
        if (to <= from || limit <= 0)
        {
            return [];
        }

        var sql = new SqlBuilder();
        var project = sql.Param(projectId);
        var fromParam = sql.Param(from);
        sql.Append($"""
            WITH roots AS (
                SELECT trace_key, trace_id, start_unix_nano, duration_ns, input_content, output_content
                FROM spans
                WHERE project_id = {project} AND feature = {sql.Param(feature)} AND parent_span_id IS NULL
                  AND start_unix_nano >= {fromParam} AND start_unix_nano < {sql.Param(to)}
                QUALIFY row_number() OVER (PARTITION BY trace_id ORDER BY start_unix_nano, span_id) = 1
            ),
            sample AS (
                SELECT * FROM roots ORDER BY trace_key, trace_id LIMIT {sql.Param((long)limit)}
            ),
            calls AS (
                SELECT trace_id,
                       coalesce(sum(input_tokens), 0)::BIGINT AS input_tokens,
                       coalesce(sum(output_tokens), 0)::BIGINT AS output_tokens,
                       coalesce(sum({Cost}), 0)::DOUBLE AS cost,
                       first({Model} ORDER BY start_unix_nano, span_id) AS model,
                       first(finish_reasons ORDER BY start_unix_nano, span_id)[1] AS finish_reason,
                       first(input_content ORDER BY start_unix_nano, span_id) AS input_content,
                       first(output_content ORDER BY start_unix_nano, span_id) AS output_content
                FROM spans
                WHERE project_id = {project}
                  AND start_unix_nano >= {fromParam} AND start_unix_nano < {sql.Param(Add(to, TraceMarginNanos))}
                  AND {IsLlmCall}
                  AND trace_key IN (SELECT trace_key FROM sample) AND trace_id IN (SELECT trace_id FROM sample)
                GROUP BY trace_id
            ),
            queries AS (
                SELECT trace_id,
                       first(coalesce(json_extract_string(attributes, {sql.Param(JsonPointer("gen_ai.retrieval.query.text"))}), input_content)
                             ORDER BY start_unix_nano, span_id) AS query
                FROM spans
                WHERE project_id = {project}
                  AND start_unix_nano >= {fromParam} AND start_unix_nano < {sql.Param(Add(to, TraceMarginNanos))}
                  AND (operation = 'retrieval' OR stage = 'retrieval')
                  AND trace_key IN (SELECT trace_key FROM sample) AND trace_id IN (SELECT trace_id FROM sample)
                GROUP BY trace_id
            ),
            tools AS (
                SELECT trace_id, string_agg(DISTINCT tool, ',' ORDER BY tool) AS tools
                FROM (
                    SELECT trace_id, nullif(json_extract_string(attributes, {sql.Param(JsonPointer("gen_ai.tool.name"))}), '') AS tool
                    FROM spans
                    WHERE project_id = {project}
                      AND start_unix_nano >= {fromParam} AND start_unix_nano < {sql.Param(Add(to, TraceMarginNanos))}
                      AND operation = 'execute_tool'
                      AND trace_key IN (SELECT trace_key FROM sample) AND trace_id IN (SELECT trace_id FROM sample))
                WHERE tool IS NOT NULL
                GROUP BY trace_id
            ),
            scores AS (
                SELECT trace_id, json_group_object(name, mean)::VARCHAR AS scores
                FROM (
                    SELECT trace_id, name, avg(score_value) AS mean
                    FROM evaluations
                    WHERE project_id = {project} AND trace_id IN (SELECT trace_id FROM sample) AND isfinite(score_value)
                    GROUP BY trace_id, name)
                GROUP BY trace_id
            )
            SELECT s.trace_id, s.start_unix_nano,
                   coalesce(s.input_content, q.query, c.input_content), coalesce(s.output_content, c.output_content),
                   coalesce(c.input_tokens, 0)::BIGINT, coalesce(c.output_tokens, 0)::BIGINT, coalesce(c.cost, 0)::DOUBLE,
                   s.duration_ns::DOUBLE / 1e6, c.model, c.finish_reason, t.tools, e.scores
            FROM sample s LEFT JOIN calls c USING (trace_id) LEFT JOIN queries q USING (trace_id)
                LEFT JOIN tools t USING (trace_id) LEFT JOIN scores e USING (trace_id)
            ORDER BY s.start_unix_nano, s.trace_id
            """);
        return await ReadRowsAsync(database, sql, r => new TraceSample(
            r.GetString(0), FromNanos(r.GetInt64(1)), String(r, 2), String(r, 3),
            r.GetInt64(4), r.GetInt64(5), r.GetDouble(6), r.GetDouble(7), String(r, 8), String(r, 9))
        {
            Tools = String(r, 10),
            Scores = Scores(String(r, 11)),
        },
            cancellationToken);
    }

    /// <summary>The JSON object of evaluation name → mean score.</summary>
    private static Dictionary<string, double> Scores(string? json)
    {
        if (json is null)
        {
            return new Dictionary<string, double>(StringComparer.Ordinal);
        }

        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
    }
}
