using DuckDB.NET.Data;
using Vigil.Core.Queries;
using Vigil.Core.Statistics;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Answers <see cref="StatsQuery"/> from the rollups: SQL sums the measures and the sketch bucket
/// counts per (time bucket, group); C# walks the merged sketches for the quantiles. Steps of whole
/// hours read the hourly rollups (their projection on the grouped dimension when the filters allow)
/// plus the minute rows not yet in them; a user-id filter, which no rollup can serve, reads raw spans
/// with the same sketch buckets computed on the fly.
/// </summary>
internal static class StatsReader
{
    public static async Task<StatsResult> ReadAsync(DuckDbDatabase database, StatsQuery query, CancellationToken cancellationToken)
    {
        var step = query.Step;
        if (step <= TimeSpan.Zero || step.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentException($"the step must be a positive whole number of minutes (got {step})", nameof(query));
        }

        var groupExpression = DimensionFilter.GroupExpression(query.GroupBy);
        var from = Time.CeilTo(Time.ToMicros(query.Range.From), Time.MicrosPerMinute);
        var to = Time.CeilTo(Time.ToMicros(query.Range.To), Time.MicrosPerMinute);
        if (to <= from)
        {
            return new StatsResult(query.Range, step, query.GroupBy, []);
        }

        var stepMicros = step.Ticks / 10;
        var (resolution, dimension) = RollupSource.Choose(query.Filter, stepMicros, query.GroupBy);
        using var connection = database.OpenReader();
        var points = await ReadMeasuresAsync(connection, query, from, to, stepMicros, resolution, dimension, groupExpression, cancellationToken);
        if (points.Count > 0)
        {
            await ReadSketchesAsync(connection, query, from, to, stepMicros, resolution, dimension, groupExpression, points, cancellationToken);
            if (resolution == RollupResolution.HourByDimension)
            {
                await ReadSketchTextsAsync(connection, query, from, to, stepMicros, dimension, groupExpression, points, cancellationToken);
            }
        }

        var series = points
            .GroupBy(p => p.Key.Group, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new StatsSeries(
                g.Key.NullIfEmpty(),
                [.. g.OrderBy(p => p.Key.Bucket).Select(p => p.Value.Build(Time.FromMicros(p.Key.Bucket)))]))
            .ToList();
        return new StatsResult(query.Range, step, query.GroupBy, series);
    }

    private static async Task<Dictionary<(long Bucket, string Group), PointBuilder>> ReadMeasuresAsync(
        DuckDBConnection connection, StatsQuery query, long from, long to, long stepMicros, RollupResolution resolution, int dimension,
        string groupExpression, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        var source = new RollupSource(sql, query.ProjectId, from, to, query.Filter, resolution, dimension);
        var step = sql.Param(stepMicros);
        sql.Append($"""
            SELECT (epoch_us(t) // {step}) * {step} AS bucket_us, {groupExpression} AS grp,
                   sum(span_count)::BIGINT, sum(errors)::BIGINT, sum(input_tokens)::BIGINT, sum(output_tokens)::BIGINT,
                   sum(cache_read_tokens)::BIGINT, sum(cost_sum)::DECIMAL(38, 10), sum(priced_calls)::BIGINT, sum(unpriced_calls)::BIGINT
            FROM
            """);
        source.AppendMeasures(sql);
        sql.Append(" GROUP BY 1, 2");

        var points = new Dictionary<(long Bucket, string Group), PointBuilder>();
        await using var command = sql.CreateCommand(connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            points[(reader.GetInt64(0), reader.GetString(1))] = new PointBuilder
            {
                Count = reader.GetInt64(2),
                Errors = reader.GetInt64(3),
                InputTokens = reader.GetInt64(4),
                OutputTokens = reader.GetInt64(5),
                CacheReadTokens = reader.GetInt64(6),
                CostSum = reader.GetDecimal(7),
                PricedCalls = reader.GetInt64(8),
                UnpricedCalls = reader.GetInt64(9),
            };
        }

        return points;
    }

    private static async Task ReadSketchesAsync(
        DuckDBConnection connection, StatsQuery query, long from, long to, long stepMicros, RollupResolution resolution, int dimension,
        string groupExpression, Dictionary<(long Bucket, string Group), PointBuilder> points, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        var source = new RollupSource(sql, query.ProjectId, from, to, query.Filter, resolution, dimension);
        var step = sql.Param(stepMicros);
        if (resolution == RollupResolution.RawSpans)
        {
            sql.Named(SketchSql.LnGammaParameter, QuantileSketch.LnGamma);
        }

        sql.Append($"""
            SELECT (epoch_us(t) // {step}) * {step} AS bucket_us, {groupExpression} AS grp, CAST(metric AS INTEGER), bucket, sum(n)::BIGINT
            FROM
            """);
        source.AppendSketch(sql);
        sql.Append(" GROUP BY 1, 2, 3, 4");

        await using var command = sql.CreateCommand(connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        PointBuilder? point = null;
        (long Bucket, string Group) key = default;
        while (await reader.ReadAsync(cancellationToken))
        {
            var bucket = reader.GetInt64(0);
            var group = reader.GetString(1);
            if (point is null || bucket != key.Bucket || !string.Equals(group, key.Group, StringComparison.Ordinal))
            {
                key = (bucket, group);
                points.TryGetValue(key, out point);
            }

            if (point is not null)
            {
                var histogram = reader.GetInt32(2) == SketchSql.LatencyMetric ? point.Latency : point.Cost;
                histogram.Add((reader.GetInt16(3), reader.GetInt64(4)));
            }
        }
    }

    /// <summary>The projected hourly sketches, one text per (hour, value, metric), merged into the points in C#.</summary>
    private static async Task ReadSketchTextsAsync(
        DuckDBConnection connection, StatsQuery query, long from, long to, long stepMicros, int dimension,
        string groupExpression, Dictionary<(long Bucket, string Group), PointBuilder> points, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        var source = new RollupSource(sql, query.ProjectId, from, to, query.Filter, RollupResolution.HourByDimension, dimension);
        var step = sql.Param(stepMicros);
        sql.Append($"SELECT (epoch_us(t) // {step}) * {step} AS bucket_us, {groupExpression} AS grp, CAST(metric AS INTEGER), sketch FROM ");
        source.AppendDimensionSketches(sql);

        await using var command = sql.CreateCommand(connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (points.TryGetValue((reader.GetInt64(0), reader.GetString(1)), out var point))
            {
                SketchText.Parse(reader.GetString(3), reader.GetInt32(2) == SketchSql.LatencyMetric ? point.Latency : point.Cost);
            }
        }
    }

    private sealed class PointBuilder
    {
        public long Count { get; init; }
        public long Errors { get; init; }
        public long InputTokens { get; init; }
        public long OutputTokens { get; init; }
        public long CacheReadTokens { get; init; }
        public decimal CostSum { get; init; }
        public long PricedCalls { get; init; }
        public long UnpricedCalls { get; init; }
        public List<(short Bucket, long Count)> Latency { get; } = [];
        public List<(short Bucket, long Count)> Cost { get; } = [];

        public StatsPoint Build(DateTimeOffset time)
        {
            var latency = SketchQuantiles.Of(Latency);
            var cost = SketchQuantiles.Of(Cost);
            return new StatsPoint
            {
                Time = time,
                Count = Count,
                Errors = Errors,
                InputTokens = InputTokens,
                OutputTokens = OutputTokens,
                CacheReadTokens = CacheReadTokens,
                CostSum = CostSum,
                PricedCalls = PricedCalls,
                UnpricedCalls = UnpricedCalls,
                LatencyP50Ms = latency.P50,
                LatencyP95Ms = latency.P95,
                LatencyP99Ms = latency.P99,
                CostP50 = cost.P50,
                CostP95 = cost.P95,
                CostP99 = cost.P99,
            };
        }
    }
}
