using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Spans;
using Vigil.Core.Statistics;
using Vigil.Storage.Contracts;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb.Tests;

public sealed class RollupWriterTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset T0 = TestSpans.T0;

    private readonly DuckDbDatabase _database = DuckDbDatabase.OpenInMemory(new FakeTimeProvider(T0.AddDays(1)));
    private readonly DuckDbTelemetryStore _store;
    private readonly TestSpans _spans = new();

    public RollupWriterTests() =>
        _store = new DuckDbTelemetryStore(_database, new DuckDbStoreOptions { CompactEveryBatches = 0 });

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task AddBatch_VariedSpans_WritesTheRowsThatSqlGroupByComputesFromTheStoredSpans()
    {
        var random = new Random(20250301);
        foreach (var size in new[] { 1, 7, 250, 742, 2_000, 1_500 })
        {
            var batch = Enumerable.Range(0, size).Select(_ => VariedSpan(random)).ToList();
            await _store.AppendAsync(new TelemetryBatch { Spans = batch }, CancellationToken.None).WaitAsync(Timeout);
        }

        using var connection = _database.OpenReader();
        connection.Execute(
            """
            CREATE TEMP TABLE oracle_minute AS SELECT * FROM rollup_minute LIMIT 0;
            CREATE TEMP TABLE oracle_minute_sketch AS SELECT * FROM rollup_minute_sketch LIMIT 0;
            """);
        for (var seq = 1L; seq <= 6; seq++)
        {
            RollupOracle.Insert(connection, seq, "oracle_minute", "oracle_minute_sketch");
        }

        var expected = ReadMeasures(connection, "oracle_minute");
        var actual = ReadMeasures(connection, "rollup_minute");
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, want) in expected)
        {
            var got = actual[key];
            Assert.True(want.Counts.SequenceEqual(got.Counts), $"{key}: counts {string.Join(',', got.Counts)}, expected {string.Join(',', want.Counts)}");
            Assert.True(want.CostSum == got.CostSum, $"{key}: cost_sum {got.CostSum}, expected {want.CostSum}");
            Assert.True(
                Math.Abs(want.DurationMsSum - got.DurationMsSum) <= 1e-9 * Math.Abs(want.DurationMsSum),
                $"{key}: duration_ms_sum {got.DurationMsSum:R}, expected {want.DurationMsSum:R}");
        }

        Assert.Equal(ReadSketch(connection, "oracle_minute_sketch"), ReadSketch(connection, "rollup_minute_sketch"));

        // The data reach what the test is about.
        Assert.Equal(4_500, expected.Values.Sum(m => m.Counts[0]));
        Assert.True(connection.ScalarInt64("SELECT count(DISTINCT minute) FROM rollup_minute") >= 10);
        Assert.Equal(3, connection.ScalarInt64("SELECT count(DISTINCT project_id) FROM rollup_minute"));
        Assert.True(connection.ScalarInt64("SELECT count(*) FROM spans WHERE cost <> round(cost, 9)") > 100);
        Assert.True(connection.ScalarInt64($"SELECT count(*) FROM rollup_minute_sketch WHERE metric = 1 AND bucket = {QuantileSketch.ZeroBucket}") > 0);
        Assert.True(connection.ScalarInt64("SELECT (sum(errors) + sum(unpriced_calls))::BIGINT FROM rollup_minute WHERE model = '' AND team = ''") > 0);
    }

    [Fact]
    public async Task AddBatch_CostsWithMoreThanTenDecimals_SumsTheCostsAsStored_TruncatedToTenDecimals()
    {
        Span[] batch = [_spans.Span(cost: 0.12345678905m), _spans.Span(cost: 0.00000000019m), _spans.Span(cost: 1e-12m)];

        await _store.AppendAsync(new TelemetryBatch { Spans = batch }, CancellationToken.None).WaitAsync(Timeout);

        using var connection = _database.OpenReader();
        using var rollup = connection.Command("SELECT cost_sum::VARCHAR FROM rollup_minute");
        using var spans = connection.Command("SELECT sum(cost)::VARCHAR FROM spans");
        Assert.Equal("0.1234567891", rollup.ExecuteScalar());
        Assert.Equal("0.1234567891", spans.ExecuteScalar());
    }

    [Fact]
    public async Task AddBatch_SpansOfOneKeyInTwoMinutes_WritesOneRowPerMinute_TaggedWithTheBatchSeq()
    {
        Span[] first = [_spans.Span(start: T0.AddSeconds(59.999_999_9)), _spans.Span(start: T0.AddMinutes(1)), _spans.Span(start: T0.AddSeconds(1))];
        Span[] second = [_spans.Span(start: T0, team: null), _spans.Span(start: T0, team: string.Empty)];

        await _store.AppendAsync(new TelemetryBatch { Spans = first }, CancellationToken.None).WaitAsync(Timeout);
        await _store.AppendAsync(new TelemetryBatch { Spans = second }, CancellationToken.None).WaitAsync(Timeout);

        using var connection = _database.OpenReader();
        using var command = connection.Command("SELECT batch_seq, epoch_us(minute), team, span_count FROM rollup_minute ORDER BY batch_seq, minute");
        using var reader = command.ExecuteReader();
        var rows = new List<(long, long, string, long)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3)));
        }

        var t0 = Time.ToMicros(T0);
        Assert.Equal([(1L, t0, "core", 2L), (1L, t0 + Time.MicrosPerMinute, "core", 1L), (2L, t0, string.Empty, 2L)], rows);
    }

    /// <summary>A span drawn from every case the rollups must get right: nulls, '' and null alike, errors, unpriced, costs with many decimals.</summary>
    private Span VariedSpan(Random random)
    {
        T Pick<T>(params T[] values) => values[random.Next(values.Length)];
        long? Tokens() => random.Next(4) == 0 ? null : Pick(0L, 1L, random.Next(1, 100_000), 3_000_000_000_000L);

        var start = random.Next(100) switch
        {
            0 => Pick(-1L, -60_000_000_050L, -90_000_000_001L),  // before the epoch: truncation and flooring must agree
            < 5 => TestSpans.Nanos(T0.AddMinutes(random.Next(12))) + Pick(0L, 99L, 999L, 1_000L, 59_999_999_999L),
            < 10 => TestSpans.Nanos(T0.AddHours(3)) + random.NextInt64(120_000_000_000L),
            _ => TestSpans.Nanos(T0) + random.NextInt64(12 * 60_000_000_000L),
        };
        var cost = random.Next(12) switch
        {
            0 => (decimal?)null,
            1 => 0m,
            // Costs above 2^53 units of 1e-10 convert to DOUBLE in two parts; these two fall in another bucket than units / 1e10.
            2 => Pick(1e-12m, 0.00000000019m, 0.12345678905m, 947_739.6446879199m, 1_204_851.7819311831m, 99_999_999.9999999999m),
            < 6 => decimal.Round((decimal)random.NextDouble() * 0.05m, 16),
            _ => random.NextInt64(1, 100_000_000) / 1_000_000_000m,
        };

        return _spans.Span(project: Pick("p1", "p2", "projet-é")) with
        {
            StartUnixNano = start,
            DurationNano = Pick(0L, 1L, 999L, 1_000_000L, 1_040_816L, 59_999_999_999L, random.NextInt64(1, 60_000_000_000L), random.NextInt64(1, 60_000_000_000L)),
            Status = Pick(SpanStatus.Unset, SpanStatus.Ok, SpanStatus.Ok, SpanStatus.Error),
            Feature = Pick("chat", "search", string.Empty, "fusée 🚀"),
            Team = Pick(null, string.Empty, "core", "care"),
            RequestModel = Pick(null, string.Empty, "gpt-4o", "claude-sonnet-4-5"),
            ResponseModel = Pick(null, null, "gpt-4o-2024-08-06"),
            Provider = Pick(null, "openai", "anthropic"),
            Release = Pick(null, "r1", "r2"),
            Stage = Pick(null, Stages.Generation, Stages.Retrieval),
            Usage = new TokenUsage { Input = Tokens(), Output = Tokens(), CacheRead = Tokens(), CacheWrite = Tokens(), Reasoning = Tokens() },
            Cost = cost,
            Pricing = Pick(PricingStatus.NotApplicable, PricingStatus.Priced, PricingStatus.Priced, PricingStatus.Unpriced),
        };
    }

    private sealed record Measures(long[] Counts, decimal CostSum, double DurationMsSum);

    private static Dictionary<string, Measures> ReadMeasures(DuckDBConnection connection, string table)
    {
        using var command = connection.Command(
            $"""
            SELECT {KeyColumns}, span_count, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
                   reasoning_tokens, priced_calls, unpriced_calls, cost_sum, duration_ms_sum
            FROM {table}
            """);
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, Measures>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var counts = Enumerable.Range(1, 9).Select(i => reader.GetInt64(i)).ToArray();
            Assert.True(rows.TryAdd(reader.GetString(0), new Measures(counts, reader.GetDecimal(10), reader.GetDouble(11))), $"two rows of {reader.GetString(0)} in {table}");
        }

        return rows;
    }

    private static SortedDictionary<string, long> ReadSketch(DuckDBConnection connection, string table)
    {
        using var command = connection.Command($"SELECT {KeyColumns} || '|' || metric || '|' || bucket, n FROM {table}");
        using var reader = command.ExecuteReader();
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            Assert.True(rows.TryAdd(reader.GetString(0), reader.GetInt64(1)), $"two rows of {reader.GetString(0)} in {table}");
        }

        return rows;
    }

    /// <summary>A row's key and batch as one text.</summary>
    private const string KeyColumns =
        "concat_ws('|', batch_seq, project_id, epoch_us(minute), feature, team, model, provider, release, stage)";
}

/// <summary>
/// The per-batch rollups as SQL over the stored span rows computes them: the statements the store ran
/// before <see cref="RollupWriter"/> summed batches in memory. The oracle of <see cref="RollupWriterTests"/>,
/// and the rollups of <see cref="SyntheticData"/>, whose spans are generated in SQL.
/// </summary>
internal static class RollupOracle
{
    private const string SpanDimensions =
        "feature, coalesce(team, '') AS team, coalesce(response_model, request_model, '') AS model, " +
        "coalesce(provider, '') AS provider, coalesce(release, '') AS release, coalesce(stage, '') AS stage";

    private static string InsertMeasures(string table) => $$"""
        INSERT INTO {{table}}
        SELECT project_id, date_trunc('minute', start_time) AS minute, {{SpanDimensions}},
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
               coalesce(sum({{SketchSql.LatencyMs}}), 0),
               $seq
        FROM spans
        WHERE batch_seq = $seq
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        """;

    private static string InsertSketch(string table) => $$"""
        INSERT INTO {{table}}
        SELECT project_id, minute, feature, team, model, provider, release, stage, metric, bucket, count(*), $seq
        FROM (
            SELECT project_id, date_trunc('minute', start_time) AS minute, {{SpanDimensions}},
                   {{SketchSql.LatencyMetric}} AS metric, {{SketchSql.BucketOf(SketchSql.LatencyMs)}} AS bucket
            FROM spans
            WHERE batch_seq = $seq
            UNION ALL
            SELECT project_id, date_trunc('minute', start_time) AS minute, {{SpanDimensions}},
                   {{SketchSql.CostMetric}} AS metric, {{SketchSql.BucketOf(SketchSql.CostUsd)}} AS bucket
            FROM spans
            WHERE batch_seq = $seq AND cost IS NOT NULL
        )
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        """;

    /// <summary>Inserts the rollup rows of batch <paramref name="batchSeq"/> into the two tables (shaped like rollup_minute and rollup_minute_sketch).</summary>
    public static void Insert(DuckDBConnection connection, long batchSeq, string measuresTable = "rollup_minute", string sketchTable = "rollup_minute_sketch")
    {
        connection.Execute(InsertMeasures(measuresTable), ("seq", batchSeq));
        connection.Execute(
            InsertSketch(sketchTable),
            ("seq", batchSeq),
            (SketchSql.LnGammaParameter, QuantileSketch.LnGamma));
    }
}
