using DuckDB.NET.Data;
using Vigil.Core.Queries;
using Vigil.Core.Statistics;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Answers <see cref="StatsQuery"/> from the rollups: SQL sums the measures and the sketch bucket
/// counts per (time bucket, group); C# merges the sketches (<see cref="SketchAccumulator"/>) and walks
/// them for the quantiles. Steps of whole hours read the hourly rollups (their projection on the
/// grouped dimension when the filters allow) plus the minute rows not yet in them; the projection
/// keeps one binary sketch per (hour, value, metric) with its quantile buckets precomputed, so a
/// step of one hour decodes no sketch unless uncompacted minutes share the point. A user-id filter,
/// which no rollup can serve, reads raw spans with the same sketch buckets computed on the fly.
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
            if (resolution == RollupResolution.HourByDimension && stepMicros == Time.MicrosPerHour)
            {
                await ReadHourQuantilesAsync(connection, query, from, to, dimension, groupExpression, points, cancellationToken);
            }
            else if (resolution == RollupResolution.HourByDimension)
            {
                await ReadHourSketchesAsync(connection, query, from, to, stepMicros, dimension, groupExpression, points, null, cancellationToken);
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
                var sketch = reader.GetInt32(2) == SketchSql.LatencyMetric ? point.Latency : point.Cost;
                sketch.Merged.Add(reader.GetInt16(3), reader.GetInt64(4));
            }
        }
    }

    /// <summary>
    /// Step 1 h over the projected hourly rollups: a point holds at most one hourly sketch per metric,
    /// so its quantiles are the row's precomputed buckets — unless minute rows (uncompacted ones) add
    /// to the same point; those points then merge the decoded sketch of their hour (a second, narrow read).
    /// </summary>
    private static async Task ReadHourQuantilesAsync(
        DuckDBConnection connection, StatsQuery query, long from, long to, int dimension,
        string groupExpression, Dictionary<(long Bucket, string Group), PointBuilder> points, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        var source = new RollupSource(sql, query.ProjectId, from, to, query.Filter, RollupResolution.HourByDimension, dimension);
        sql.Append($"SELECT epoch_us(t), {groupExpression} AS grp, CAST(metric AS INTEGER), p50_bucket, p95_bucket, p99_bucket FROM ");
        source.AppendDimensionSketches(sql);

        long mergeFrom = long.MaxValue, mergeTo = long.MinValue;
        await using (var command = sql.CreateCommand(connection))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var hour = reader.GetInt64(0);
                if (!points.TryGetValue((hour, reader.GetString(1)), out var point))
                {
                    continue;
                }

                var sketch = reader.GetInt32(2) == SketchSql.LatencyMetric ? point.Latency : point.Cost;
                if (!sketch.TryStore(reader.GetInt16(3), reader.GetInt16(4), reader.GetInt16(5)))
                {
                    mergeFrom = Math.Min(mergeFrom, hour);
                    mergeTo = Math.Max(mergeTo, hour + Time.MicrosPerHour);
                }
            }
        }

        if (mergeFrom < mergeTo)
        {
            await ReadHourSketchesAsync(connection, query, from, to, Time.MicrosPerHour, dimension, groupExpression, points, (mergeFrom, mergeTo), cancellationToken);
        }
    }

    /// <summary>
    /// The projected hourly sketches, decoded and merged into the points' other rows: every one, or
    /// (<paramref name="hours"/> given) those of the points that <see cref="PointSketch.TryStore"/> refused.
    /// </summary>
    private static async Task ReadHourSketchesAsync(
        DuckDBConnection connection, StatsQuery query, long from, long to, long stepMicros, int dimension,
        string groupExpression, Dictionary<(long Bucket, string Group), PointBuilder> points, (long From, long To)? hours,
        CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        var source = new RollupSource(sql, query.ProjectId, from, to, query.Filter, RollupResolution.HourByDimension, dimension);
        var step = sql.Param(stepMicros);
        sql.Append($"SELECT (epoch_us(t) // {step}) * {step} AS bucket_us, {groupExpression} AS grp, CAST(metric AS INTEGER), sketch FROM ");
        source.AppendDimensionSketches(sql, hours?.From, hours?.To);

        var buffer = new byte[1024];
        await using var command = sql.CreateCommand(connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!points.TryGetValue((reader.GetInt64(0), reader.GetString(1)), out var point))
            {
                continue;
            }

            var sketch = reader.GetInt32(2) == SketchSql.LatencyMetric ? point.Latency : point.Cost;
            if (hours is not null && !sketch.NeedsSketches)
            {
                continue;
            }

            using var blob = reader.GetStream(3);
            var length = checked((int)blob.Length);
            if (buffer.Length < length)
            {
                buffer = new byte[Math.Max(length, buffer.Length * 2)];
            }

            blob.ReadExactly(buffer, 0, length);
            SketchBlob.Decode(buffer.AsSpan(0, length), sketch.Merged);
        }
    }

    /// <summary>
    /// One metric's sketch of a point: the bucket counts merged so far, or — while the point is exactly
    /// one stored hourly sketch — that sketch's precomputed quantile buckets.
    /// </summary>
    private sealed class PointSketch
    {
        private (short P50, short P95, short P99)? _stored;

        public SketchAccumulator Merged { get; } = new();

        /// <summary>Set once a stored sketch has to be merged with other rows (its precomputed quantiles no longer apply).</summary>
        public bool NeedsSketches { get; private set; }

        /// <summary>
        /// Takes a stored sketch's quantile buckets when it is all this point holds; otherwise returns
        /// false and the point needs the decoded sketches of its hours.
        /// </summary>
        public bool TryStore(short p50, short p95, short p99)
        {
            if (!NeedsSketches && _stored is null && Merged.Total == 0)
            {
                _stored = (p50, p95, p99);
                return true;
            }

            _stored = null;
            NeedsSketches = true;
            return false;
        }

        public (double? P50, double? P95, double? P99) Quantiles() =>
            _stored is { } s ? SketchQuantiles.OfBuckets(s.P50, s.P95, s.P99) : Merged.Quantiles();
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
        public PointSketch Latency { get; } = new();
        public PointSketch Cost { get; } = new();

        public StatsPoint Build(DateTimeOffset time)
        {
            var latency = Latency.Quantiles();
            var cost = Cost.Quantiles();
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
