using DuckDB.NET.Data;
using Vigil.Core.Statistics;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Adds one batch's rollup rows, computed in SQL from the spans just appended in the same
/// transaction (<c>WHERE batch_seq = ?</c>; the filter is pushed into the scan, and batch_seq grows
/// with the table, so zone maps skip every older row group). Rows are appended, never upserted:
/// <see cref="RollupCompactor"/> merges a minute's rows later.
/// </summary>
internal static class RollupWriter
{
    /// <summary>The rollup dimensions of a span row; absent values become ''.</summary>
    public const string SpanDimensions =
        "feature, coalesce(team, '') AS team, coalesce(response_model, request_model, '') AS model, " +
        "coalesce(provider, '') AS provider, coalesce(release, '') AS release, coalesce(stage, '') AS stage";

    private const string InsertMeasures = $"""
        INSERT INTO rollup_minute
        SELECT project_id, date_trunc('minute', start_time) AS minute, {SpanDimensions},
               count(*),
               count(*) FILTER (WHERE status = 2),
               coalesce(sum(input_tokens), 0),
               coalesce(sum(output_tokens), 0),
               coalesce(sum(cache_read_tokens), 0),
               coalesce(sum(cache_write_tokens), 0),
               coalesce(sum(reasoning_tokens), 0),
               coalesce(sum(cost), 0),
               count(*) FILTER (WHERE pricing = 1),
               count(*) FILTER (WHERE pricing = 2),
               coalesce(sum({SketchSql.LatencyMs}), 0),
               $seq
        FROM spans
        WHERE batch_seq = $seq
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        """;

    private static readonly string InsertSketch = $"""
        INSERT INTO rollup_minute_sketch
        SELECT project_id, minute, feature, team, model, provider, release, stage, metric, bucket, count(*), $seq
        FROM (
            SELECT project_id, date_trunc('minute', start_time) AS minute, {SpanDimensions},
                   {SketchSql.LatencyMetric} AS metric, {SketchSql.BucketOf(SketchSql.LatencyMs)} AS bucket
            FROM spans
            WHERE batch_seq = $seq
            UNION ALL
            SELECT project_id, date_trunc('minute', start_time) AS minute, {SpanDimensions},
                   {SketchSql.CostMetric} AS metric, {SketchSql.BucketOf(SketchSql.CostUsd)} AS bucket
            FROM spans
            WHERE batch_seq = $seq AND cost IS NOT NULL
        )
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        """;

    public static void AddBatch(DuckDBConnection connection, long batchSeq)
    {
        connection.Execute(InsertMeasures, ("seq", batchSeq));
        connection.Execute(InsertSketch, ("seq", batchSeq), (SketchSql.LnGammaParameter, QuantileSketch.LnGamma));
    }
}
