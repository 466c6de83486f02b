using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Statistics;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb.Tests;

public sealed class SketchSqlTests
{
    public static TheoryData<double> Values =>
    [
        0, -1, -0.0, 1e-300, double.Epsilon, 1e-12, 0.000_001, 0.000_123_4, 0.37, 1, 1.0001, 2.5, 12.5, 99.99, 1000,
        86_400_000, 1e300, double.MaxValue, double.PositiveInfinity, double.NaN,
        Math.Pow(QuantileSketch.Gamma, 10), Math.Pow(QuantileSketch.Gamma, -10), Math.Pow(QuantileSketch.Gamma, 250),
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void BucketOf_InSql_AgreesWithQuantileSketch(double value)
    {
        using var database = DuckDbDatabase.OpenInMemory(new FakeTimeProvider());
        using var connection = database.OpenReader();

        using var command = connection.Command(
            $"SELECT {SketchSql.BucketOf("CAST($v AS DOUBLE)")}",
            ("v", value),
            (SketchSql.LnGammaParameter, QuantileSketch.LnGamma));

        Assert.Equal(QuantileSketch.BucketOf(value), Convert.ToInt16(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void BucketOf_OfStoredLatencies_AgreesWithSpanDurationMs()
    {
        using var database = DuckDbDatabase.OpenInMemory(new FakeTimeProvider());
        using var connection = database.OpenReader();
        var durations = new long[] { 0, 1, 999_999, 1_000_000, 1_040_816, 12_345_678, 3_000_000_000, 59_999_999_999 };

        foreach (var nanos in durations)
        {
            using var command = connection.Command(
                $"SELECT {SketchSql.BucketOf(SketchSql.LatencyMs)} FROM (SELECT CAST($n AS BIGINT) AS duration_ns)",
                ("n", nanos),
                (SketchSql.LnGammaParameter, QuantileSketch.LnGamma));
            Assert.Equal(QuantileSketch.BucketOf(nanos / 1_000_000.0), Convert.ToInt16(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

public sealed class SketchQuantilesTests
{
    [Fact]
    public void Of_RandomHistograms_AgreesWithQuantileSketchQuantile()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var histogram = Enumerable.Range(0, random.Next(0, 40))
                .Select(_ => ((short)random.Next(-200, 200), (long)random.Next(0, 5)))
                .ToList();
            if (random.Next(10) == 0)
            {
                histogram.Add((QuantileSketch.ZeroBucket, random.Next(1, 4)));
            }

            var expected = (QuantileSketch.Quantile(histogram, 0.5), QuantileSketch.Quantile(histogram, 0.95), QuantileSketch.Quantile(histogram, 0.99));

            Assert.Equal(expected, SketchQuantiles.Of([.. histogram]));
        }
    }
}

public sealed class SketchTextTests
{
    [Fact]
    public void Aggregate_ThenParse_RoundTripsTheHistogramInBucketOrder()
    {
        using var database = DuckDbDatabase.OpenInMemory(new FakeTimeProvider());
        using var connection = database.OpenReader();
        using var command = connection.Command(
            $"SELECT {SketchText.Aggregate} FROM (VALUES (CAST(12 AS SMALLINT), CAST(3 AS BIGINT)), (-32768, 1), (-5, 9999999999), (300, 2)) v(bucket, n)");
        var text = (string)command.ExecuteScalar()!;
        var histogram = new List<(short, long)>();

        SketchText.Parse(text, histogram);

        Assert.Equal([(QuantileSketch.ZeroBucket, 1L), ((short)-5, 9_999_999_999L), ((short)12, 3L), ((short)300, 2L)], histogram);
    }

    [Fact]
    public void Parse_Garbage_Throws() =>
        Assert.Throws<FormatException>(() => SketchText.Parse("12;3", []));
}
