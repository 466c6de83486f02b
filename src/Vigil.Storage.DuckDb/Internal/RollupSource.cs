using Vigil.Core.Queries;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>Where an aggregate query reads from.</summary>
internal enum RollupResolution
{
    /// <summary>rollup_minute / rollup_minute_sketch only.</summary>
    Minute,

    /// <summary>rollup_hour for whole hours inside the range, plus the minute rows the hours do not hold.</summary>
    Hour,

    /// <summary>As <see cref="Hour"/>, but the hours from their projection on one dimension (rollup_hour_dim).</summary>
    HourByDimension,

    /// <summary>Raw spans, for filters the rollups cannot serve (user id).</summary>
    RawSpans,
}

/// <summary>
/// Writes the FROM relation of an aggregate query over the rollups, as a parenthesised subquery with
/// columns <c>t, feature, team, model, provider, release, stage</c> and either the measures
/// (<c>span_count … duration_ms_sum</c>) or the sketch (<c>metric, bucket, n</c>). Dimensions are ''
/// when absent, whatever the source. The range is in whole minutes: a minute counts when it starts in
/// [from, to). An hour row always equals the sum of its hour's compacted (batch_seq = 0) minute rows,
/// so hours plus the other minute rows count every span once.
/// </summary>
internal sealed class RollupSource
{
    private const string MeasureColumns =
        "span_count, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, " +
        "cost_sum, priced_calls, unpriced_calls, duration_ms_sum";

    private const string RawMeasures = $"""
        1 AS span_count, CAST(status = 2 AS BIGINT) AS errors,
        coalesce(input_tokens, 0) AS input_tokens, coalesce(output_tokens, 0) AS output_tokens,
        coalesce(cache_read_tokens, 0) AS cache_read_tokens, coalesce(cache_write_tokens, 0) AS cache_write_tokens,
        coalesce(reasoning_tokens, 0) AS reasoning_tokens, coalesce(cost, 0) AS cost_sum,
        CAST(pricing = 1 AS BIGINT) AS priced_calls, CAST(pricing = 2 AS BIGINT) AS unpriced_calls,
        {SketchSql.LatencyMs} AS duration_ms_sum
        """;

    private readonly string _project;
    private readonly string _from;
    private readonly string _to;
    private readonly string _hourFrom = string.Empty;
    private readonly string _hourTo = string.Empty;
    private readonly string _lowEdgeEnd = string.Empty;
    private readonly string _dim = string.Empty;
    private readonly int _dimension;
    private readonly string _filter;

    /// <param name="fromMicros">Minute-aligned start (inclusive).</param>
    /// <param name="toMicros">Minute-aligned end (exclusive).</param>
    /// <param name="dimension">The projected dimension, for <see cref="RollupResolution.HourByDimension"/>.</param>
    public RollupSource(SqlBuilder sql, string projectId, long fromMicros, long toMicros, SpanFilter filter, RollupResolution resolution, int dimension = Dimensions.None)
    {
        Resolution = resolution;
        _project = sql.Param(projectId);
        _from = sql.Param(fromMicros);
        _to = sql.Param(toMicros);
        if (resolution is RollupResolution.Hour or RollupResolution.HourByDimension)
        {
            var hourFrom = Time.CeilTo(fromMicros, Time.MicrosPerHour);
            _hourFrom = sql.Param(hourFrom);
            _lowEdgeEnd = sql.Param(Math.Min(hourFrom, toMicros));
            _hourTo = sql.Param(Math.Max(hourFrom, Time.FloorTo(toMicros, Time.MicrosPerHour)));
        }

        if (resolution == RollupResolution.HourByDimension)
        {
            _dimension = dimension;
            _dim = sql.Param(dimension);
        }

        _filter = DimensionFilter.Clause(sql, filter, allowUser: resolution == RollupResolution.RawSpans);
    }

    public RollupResolution Resolution { get; }

    /// <summary>
    /// The cheapest source that is exact for buckets of <paramref name="stepMicros"/>, grouped by
    /// <paramref name="groupBy"/> (null: by more than one dimension).
    /// </summary>
    public static (RollupResolution Resolution, int Dimension) Choose(SpanFilter filter, long stepMicros, GroupBy? groupBy)
    {
        if (filter.UserId is not null)
        {
            return (RollupResolution.RawSpans, Dimensions.None);
        }

        if (stepMicros % Time.MicrosPerHour != 0)
        {
            return (RollupResolution.Minute, Dimensions.None);
        }

        var filtered = Dimensions.Filtered(filter);
        if (groupBy is { } g)
        {
            var grouped = Dimensions.Of(g);
            if (filtered.Count == 0)
            {
                return (RollupResolution.HourByDimension, grouped);
            }

            if (filtered.Count == 1 && (grouped == Dimensions.None || grouped == filtered[0]))
            {
                return (RollupResolution.HourByDimension, filtered[0]);
            }
        }

        return (RollupResolution.Hour, Dimensions.None);
    }

    public void AppendMeasures(SqlBuilder sql) => Append(sql, sketch: false);

    public void AppendSketch(SqlBuilder sql) => Append(sql, sketch: true);

    private void Append(SqlBuilder sql, bool sketch)
    {
        var values = sketch ? "metric, bucket, n" : MeasureColumns;
        sql.Append("(");
        switch (Resolution)
        {
            case RollupResolution.RawSpans:
                AppendRaw(sql, sketch);
                break;
            case RollupResolution.HourByDimension when sketch:
                // The hours' sketches are whole per row, read by AppendDimensionSketches; here only the minutes.
                AppendMinutesOutsideHours(sql, sketch, values);
                break;
            case RollupResolution.HourByDimension:
                sql.Append($"""
                    SELECT * FROM (
                        SELECT hour AS t, {Dimensions.ProjectedColumns(_dimension)}, {values} FROM rollup_hour_dim
                        WHERE project_id = {_project} AND dim = {_dim} AND hour >= make_timestamp({_hourFrom}) AND hour < make_timestamp({_hourTo})
                    ) WHERE true{_filter}
                    UNION ALL
                    """);
                AppendMinutesOutsideHours(sql, sketch, values);
                break;
            case RollupResolution.Hour:
                sql.Append($"""
                    SELECT hour AS t, {Dimensions.List}, {values} FROM {(sketch ? "rollup_hour_sketch" : "rollup_hour")}
                    WHERE project_id = {_project} AND hour >= make_timestamp({_hourFrom}) AND hour < make_timestamp({_hourTo}){_filter}
                    UNION ALL
                    """);
                AppendMinutesOutsideHours(sql, sketch, values);
                break;
            default:
                sql.Append($"""
                    SELECT minute AS t, {Dimensions.List}, {values} FROM {(sketch ? "rollup_minute_sketch" : "rollup_minute")}
                    WHERE project_id = {_project} AND minute >= make_timestamp({_from}) AND minute < make_timestamp({_to}){_filter}
                    """);
                break;
        }

        sql.Append(") src");
    }

    /// <summary>
    /// For <see cref="RollupResolution.HourByDimension"/>: the whole hours' sketches as rows
    /// <c>t, feature … stage, metric, p50_bucket, p95_bucket, p99_bucket, sketch</c> (the sketch in
    /// <see cref="SketchBlob"/> form), for the hours in [<paramref name="hourFromMicros"/>,
    /// <paramref name="hourToMicros"/>) when given (a sub-range of the query's whole hours).
    /// </summary>
    public void AppendDimensionSketches(SqlBuilder sql, long? hourFromMicros = null, long? hourToMicros = null)
    {
        if (Resolution != RollupResolution.HourByDimension)
        {
            throw new InvalidOperationException("only the projected hourly rollups keep whole sketches per row");
        }

        var narrow = string.Empty;
        if (hourFromMicros is { } lo && hourToMicros is { } hi)
        {
            narrow = $" AND hour >= make_timestamp({sql.Param(lo)}) AND hour < make_timestamp({sql.Param(hi)})";
        }

        sql.Append($"""
            (SELECT * FROM (
                SELECT hour AS t, {Dimensions.ProjectedColumns(_dimension)}, metric, p50_bucket, p95_bucket, p99_bucket, sketch FROM rollup_hour_dim_sketch
                WHERE project_id = {_project} AND dim = {_dim} AND hour >= make_timestamp({_hourFrom}) AND hour < make_timestamp({_hourTo}){narrow}
            ) WHERE true{_filter}) src
            """);
    }

    /// <summary>
    /// The minute rows an hour row does not hold: those of the partial hours at the range's ends, and
    /// the uncompacted ones (batch_seq &gt; 0) inside. Three disjoint range scans rather than one OR, so
    /// that zone maps on minute and batch_seq skip the compacted bulk of the table.
    /// </summary>
    private void AppendMinutesOutsideHours(SqlBuilder sql, bool sketch, string values)
    {
        var table = sketch ? "rollup_minute_sketch" : "rollup_minute";
        var select = $"SELECT minute AS t, {Dimensions.List}, {values} FROM {table} WHERE project_id = {_project}{_filter}";
        sql.Append($"""

            {select} AND minute >= make_timestamp({_from}) AND minute < make_timestamp({_lowEdgeEnd})
            UNION ALL
            {select} AND minute >= make_timestamp({_hourTo}) AND minute < make_timestamp({_to})
            UNION ALL
            {select} AND minute >= make_timestamp({_hourFrom}) AND minute < make_timestamp({_hourTo}) AND batch_seq > 0
            """);
    }

    private void AppendRaw(SqlBuilder sql, bool sketch)
    {
        var spans = $"""
            SELECT date_trunc('minute', start_time) AS t, {RollupWriter.SpanDimensions}, user_id, status, pricing,
                   input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost, duration_ns
            FROM spans
            WHERE project_id = {_project} AND start_time >= make_timestamp({_from}) AND start_time < make_timestamp({_to})
            """;
        if (!sketch)
        {
            sql.Append($"SELECT t, {Dimensions.List}, {RawMeasures} FROM ({spans}) WHERE true{_filter}");
            return;
        }

        sql.Append($"""
            SELECT t, {Dimensions.List}, {SketchSql.LatencyMetric} AS metric, {SketchSql.BucketOf(SketchSql.LatencyMs)} AS bucket, 1 AS n
            FROM ({spans}) WHERE true{_filter}
            UNION ALL
            SELECT t, {Dimensions.List}, {SketchSql.CostMetric} AS metric, {SketchSql.BucketOf(SketchSql.CostUsd)} AS bucket, 1 AS n
            FROM ({spans}) WHERE cost IS NOT NULL{_filter}
            """);
    }
}
