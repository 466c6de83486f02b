using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Statistics;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb.Tests;

/// <summary>
/// The binary hourly sketch of migration 0003: the SQL writer (macros + window columns) against the
/// C# reader and writer, its precomputed quantile buckets against the C# walk, and merging decoded
/// blobs against merging the text form it replaced.
/// </summary>
public sealed class SketchBlobTests : IDisposable
{
    private readonly DuckDbDatabase _database = DuckDbDatabase.OpenInMemory(new FakeTimeProvider());
    private readonly DuckDBConnection _connection;

    public SketchBlobTests() => _connection = _database.OpenReader();

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }

    /// <summary>Varint boundaries (1, 2, 3 and 9-byte numbers), the zero bucket, the extreme buckets, single pairs.</summary>
    public static List<(short Bucket, long Count)>[] EdgeHistograms() =>
    [
        [(0, 1)],
        [(QuantileSketch.ZeroBucket, 1)],
        [(short.MaxValue, 1)],
        [(short.MinValue + 1, 1), (short.MaxValue, 1)],
        [(-1, 1)],
        [(QuantileSketch.ZeroBucket, 3), (short.MinValue + 1, 2), (-64, 1), (63, 127), (64, 128), (65, 16_383), (66, 16_384)],
        [(-300, 2_097_151), (-299, 2_097_152), (100, 1L << 35), (101, (1L << 56) - 1), (102, 1L << 56), (103, 1L << 62)],
        [(5, long.MaxValue)],
        [(-32_000, 1), (32_000, 1)],
    ];

    /// <summary>Hour-like sketches: a run of buckets around a random centre, counts from 1 to tens of thousands, sometimes zero latencies.</summary>
    public static List<List<(short Bucket, long Count)>> RandomHistograms(int seed, int count)
    {
        var random = new Random(seed);
        var histograms = new List<List<(short Bucket, long Count)>>();
        for (var h = 0; h < count; h++)
        {
            var centre = random.Next(-400, 400);
            var width = random.Next(1, 250);
            var histogram = new List<(short Bucket, long Count)>();
            if (random.Next(8) == 0)
            {
                histogram.Add((QuantileSketch.ZeroBucket, random.Next(1, 50)));
            }

            for (var b = centre - (width / 2); b < centre + (width / 2) + 1; b++)
            {
                if (random.Next(4) != 0)
                {
                    histogram.Add(((short)b, random.Next(3) switch { 0 => random.Next(1, 10), 1 => random.Next(1, 500), _ => random.Next(1, 40_000) }));
                }
            }

            if (histogram.Count == 0)
            {
                histogram.Add(((short)centre, 1));
            }

            histograms.Add(histogram);
        }

        return histograms;
    }

    [Fact]
    public void Encode_ThenPairs_RoundTripsInBucketOrder()
    {
        foreach (var histogram in EdgeHistograms().Concat(RandomHistograms(1, 200)))
        {
            var blob = SketchBlob.Encode(histogram);

            Assert.Equal(SketchBlob.Version, blob[0]);
            Assert.Equal(histogram.OrderBy(p => p.Bucket), SketchBlob.Pairs(blob));
        }
    }

    [Fact]
    public void Encode_OfATypicalHour_TakesAboutTwoBytesAPair()
    {
        var histogram = Enumerable.Range(60, 175).Select(b => ((short)b, (long)(b % 50) + 1)).ToList();

        Assert.Equal(1 + (175 * 2), SketchBlob.Encode(histogram).Length);
    }

    [Fact]
    public void SqlWriter_EqualsCSharpEncode_AndItsQuantileBucketsEqualTheCSharpWalk()
    {
        var histograms = EdgeHistograms().Concat(RandomHistograms(2, 300)).ToList();
        var stored = StoreInSql(histograms);

        for (var i = 0; i < histograms.Count; i++)
        {
            var (p50, p95, p99, blob, _) = stored[i];
            Assert.Equal(SketchBlob.Encode(histograms[i]), blob);
            if (histograms[i].Sum(p => (decimal)p.Count) <= long.MaxValue)
            {
                var expected = SketchQuantiles.Of([.. histograms[i]]);
                Assert.Equal(expected, SketchQuantiles.OfBuckets(p50, p95, p99));
                Assert.Equal(
                    (QuantileSketch.Quantile(histograms[i], 0.5), QuantileSketch.Quantile(histograms[i], 0.95), QuantileSketch.Quantile(histograms[i], 0.99)),
                    expected);
            }
        }
    }

    [Fact]
    public void MergingDecodedBlobs_EqualsMergingTheParsedTextForm()
    {
        var random = new Random(3);
        var histograms = RandomHistograms(4, 400);
        var stored = StoreInSql(histograms);
        for (var trial = 0; trial < 100; trial++)
        {
            // A point of a coarser step: 1 to 48 hourly sketches of one value and metric.
            var members = Enumerable.Range(0, random.Next(1, 49)).Select(_ => random.Next(histograms.Count)).ToList();
            var merged = new SketchAccumulator();
            var fromText = new List<(short Bucket, long Count)>();
            var fromBlobs = new List<(short Bucket, long Count)>();
            foreach (var m in members)
            {
                SketchBlob.Decode(stored[m].Blob, merged);
                fromBlobs.AddRange(SketchBlob.Pairs(stored[m].Blob));
                SketchText.Parse(stored[m].Text, fromText);
            }

            Assert.Equal(Sum(fromText), Sum(fromBlobs));
            Assert.Equal(SketchQuantiles.Of(fromText), merged.Quantiles());
            Assert.Equal(QuantileSketch.Quantile(fromText, 0.99), merged.Quantiles().P99);
            Assert.Equal(fromText.Sum(p => p.Count), merged.Total);
        }
    }

    [Fact]
    public void Accumulator_OfRandomEntriesInAnyOrder_AgreesWithQuantileSketch()
    {
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            var entries = Enumerable.Range(0, random.Next(0, 300))
                .Select(_ => ((short)random.Next(-2_000, 2_000), (long)random.Next(-2, 30)))
                .ToList();
            if (random.Next(5) == 0)
            {
                entries.Add((QuantileSketch.ZeroBucket, random.Next(0, 4)));
            }

            var accumulator = new SketchAccumulator();
            foreach (var (bucket, count) in entries)
            {
                accumulator.Add(bucket, count);
            }

            Assert.Equal(
                (QuantileSketch.Quantile(entries, 0.5), QuantileSketch.Quantile(entries, 0.95), QuantileSketch.Quantile(entries, 0.99)),
                accumulator.Quantiles());
        }
    }

    [Fact]
    public void Accumulator_Empty_HasNoQuantiles() =>
        Assert.Equal((null, null, null), new SketchAccumulator().Quantiles());

    public static TheoryData<byte[]> Malformed =>
    [
        [],
        [2, 0, 1],
        [1],
        [1, 0],
        [1, 0, 0],
        [1, 0, 0x80],
        [1, 0, 1, 0, 1],
        [1, 0, 1, 1],
        [1, 0x80, 0x80, 0x04, 1],
        [1, 0x81, 0x80, 0x04, 1],
        [1, 0, 1, 0xFF, 0xFF, 0x03, 1],
        [1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
        [1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
    ];

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Decode_Malformed_Throws(byte[] blob)
    {
        Assert.Throws<FormatException>(() => SketchBlob.Pairs(blob));
        Assert.Throws<FormatException>(() => SketchBlob.Decode(blob, new SketchAccumulator()));
    }

    private static Dictionary<short, long> Sum(List<(short Bucket, long Count)> pairs) =>
        pairs.GroupBy(p => p.Bucket).ToDictionary(g => g.Key, g => g.Sum(p => p.Count));

    /// <summary>
    /// Writes each histogram as the store does (<see cref="SketchBlob"/>'s window columns and
    /// aggregates, and the old <see cref="SketchText.Aggregate"/>) and reads the rows back by index.
    /// </summary>
    private List<(short P50, short P95, short P99, byte[] Blob, string Text)> StoreInSql(List<List<(short Bucket, long Count)>> histograms)
    {
        _connection.Execute("CREATE OR REPLACE TEMP TABLE histograms (id INTEGER NOT NULL, bucket SMALLINT NOT NULL, n BIGINT NOT NULL)");
        using (var appender = _connection.CreateAppender("histograms"))
        {
            for (var i = 0; i < histograms.Count; i++)
            {
                foreach (var (bucket, count) in histograms[i])
                {
                    appender.CreateRow().AppendValue(i).AppendValue(bucket).AppendValue(count).EndRow();
                }
            }
        }

        using var command = _connection.Command($"""
            SELECT id, {SketchBlob.QuantileBuckets}, {SketchBlob.Aggregate}, {SketchText.Aggregate}
            FROM (SELECT *, {SketchBlob.WindowColumns("id")} FROM histograms)
            GROUP BY id
            ORDER BY id
            """);
        using var reader = command.ExecuteReader();
        var rows = new List<(short, short, short, byte[], string)>();
        while (reader.Read())
        {
            Assert.Equal(rows.Count, reader.GetInt32(0));
            using var stream = reader.GetStream(4);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            rows.Add((reader.GetInt16(1), reader.GetInt16(2), reader.GetInt16(3), copy.ToArray(), reader.GetString(5)));
        }

        Assert.Equal(histograms.Count, rows.Count);
        return rows;
    }
}
