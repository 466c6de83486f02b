using Vigil.Core.Detection;
using static Vigil.Storage.DuckDb.Internal.Detection.DetectionSql;

namespace Vigil.Storage.DuckDb.Internal.Detection;

/// <summary>
/// The RAG index metrics per index and epoch-aligned step: of each metric, the value of its last point in the
/// step (by time); the feature of the step's last point of any of them — the point's own <c>vigil.feature</c>
/// attribute, else the feature ingestion gave it from its resource (empty: none). Points whose attributes
/// name no index (or an empty one) are left out.
/// </summary>
internal static class IndexPointReader
{
    public static async Task<IReadOnlyList<IndexPoint>> ReadAsync(DuckDbDatabase database, IndexPointQuery query, CancellationToken cancellationToken)
    {
        var step = WholeMinutes(query.Step, nameof(query));
        var from = Nanos(query.Range.From);
        var to = Nanos(query.Range.To);
        if (to <= from)
        {
            return [];
        }

        var sql = new SqlBuilder();
        var stepParam = sql.Param(step);
        var documents = sql.Param(query.DocumentsMetric);
        var vectors = sql.Param(query.VectorsMetric);
        var size = sql.Param(query.SizeMetric);
        var embeddings = sql.Param(query.EmbeddingsMetric);
        sql.Append($"""
            WITH points AS (
                SELECT json_extract_string(attributes, {sql.Param(JsonPointer(query.IndexAttribute))}) AS idx,
                       ({stepParam} * (time_unix_nano // {stepParam}))::BIGINT AS step,
                       name, value, time_unix_nano,
                       coalesce(nullif(json_extract_string(attributes, {sql.Param(JsonPointer("vigil.feature"))}), ''), feature) AS feature
                FROM metric_points
                WHERE project_id = {sql.Param(query.ProjectId)}
                  AND time_unix_nano >= {sql.Param(from)} AND time_unix_nano < {sql.Param(to)}
                  AND name IN ({documents}, {vectors}, {size}, {embeddings})
            )
            SELECT idx, step, nullif(arg_max(feature, time_unix_nano), ''),
                   arg_max(value, time_unix_nano) FILTER (WHERE name = {documents}),
                   arg_max(value, time_unix_nano) FILTER (WHERE name = {vectors}),
                   arg_max(value, time_unix_nano) FILTER (WHERE name = {size}),
                   arg_max(value, time_unix_nano) FILTER (WHERE name = {embeddings})
            FROM points
            WHERE coalesce(idx, '') <> ''
            GROUP BY idx, step
            ORDER BY idx, step
            """);
        return await ReadRowsAsync(database, sql, r => new IndexPoint(
            r.GetString(0), String(r, 2), FromNanos(Add(r.GetInt64(1), step)), Double(r, 3), Double(r, 4), Double(r, 5), Double(r, 6)),
            cancellationToken);
    }
}
