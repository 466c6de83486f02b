using System.Runtime.CompilerServices;
using Vigil.Core.Statistics;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// The binary form of a sketch in <c>rollup_hour_dim_sketch.sketch</c> (migration 0003): one
/// version byte (<see cref="Version"/>), then one (bucket, count) pair per non-empty bucket in
/// ascending bucket order, each field an unsigned LEB128 varint: the first pair's bucket zigzag-encoded
/// (<c>ZeroBucket</c> = −32768 → 65535), every later bucket as its distance from the previous one (≥ 1),
/// counts as they are (≥ 1). Hourly sketches take about 2 bytes a pair (the query benchmark's month of
/// per-feature hours: 3.9 MiB for 2.02 M pairs, where the text form was 12.9 M characters). Written in SQL by the macros <c>sketch_varint_hex</c> and <c>sketch_pair_hex</c> of
/// migration 0003 (<see cref="Aggregate"/>), read here without allocating.
/// </summary>
/// <remarks>
/// Each row also carries the p50/p95/p99 buckets of its sketch (<see cref="QuantileBuckets"/>), the
/// same rank rule as <see cref="QuantileSketch.Quantile"/>, so a point made of exactly one hourly
/// sketch needs no decoding at all; the sketch itself stays for merging (steps over an hour, hours
/// that still have uncompacted minutes).
/// </remarks>
internal static class SketchBlob
{
    public const byte Version = 1;

    /// <summary>
    /// The blob aggregate over rows with columns <c>bucket</c>, <c>previous</c> (the preceding
    /// bucket of the same sketch, NULL for the first) and <c>n</c>.
    /// </summary>
    public const string Aggregate = "unhex('01' || string_agg(sketch_pair_hex(bucket, previous, n), '' ORDER BY bucket))";

    /// <summary>
    /// The p50, p95 and p99 buckets over rows with columns <c>bucket</c>, <c>seen</c> (the running
    /// sum of <c>n</c> in bucket order, this row included) and <c>total</c> (the sketch's sum of
    /// <c>n</c>): the first bucket whose running count exceeds q·(total − 1), as DOUBLE arithmetic,
    /// like <see cref="QuantileSketch.Quantile"/>.
    /// </summary>
    public const string QuantileBuckets =
        "CAST(coalesce(min(bucket) FILTER (WHERE seen > CAST('0.5' AS DOUBLE) * (total - 1)), max(bucket)) AS SMALLINT) AS p50_bucket, " +
        "CAST(coalesce(min(bucket) FILTER (WHERE seen > CAST('0.95' AS DOUBLE) * (total - 1)), max(bucket)) AS SMALLINT) AS p95_bucket, " +
        "CAST(coalesce(min(bucket) FILTER (WHERE seen > CAST('0.99' AS DOUBLE) * (total - 1)), max(bucket)) AS SMALLINT) AS p99_bucket";

    /// <summary>
    /// The window columns <see cref="Aggregate"/> and <see cref="QuantileBuckets"/> need, over a relation
    /// of (<paramref name="partition"/>…, bucket, n) with one row per bucket and n &gt; 0.
    /// </summary>
    public static string WindowColumns(string partition) =>
        $"sum(n) OVER (PARTITION BY {partition} ORDER BY bucket ROWS UNBOUNDED PRECEDING) AS seen, " +
        $"sum(n) OVER (PARTITION BY {partition}) AS total, " +
        $"lag(bucket) OVER (PARTITION BY {partition} ORDER BY bucket) AS previous";

    /// <summary>Adds the pairs of <paramref name="blob"/> to <paramref name="into"/>.</summary>
    /// <exception cref="FormatException">The blob is not a sketch of this version.</exception>
    public static void Decode(ReadOnlySpan<byte> blob, SketchAccumulator into) => Decode(blob, new AccumulatorSink(into));

    /// <summary>The pairs of <paramref name="blob"/>, in its (ascending bucket) order.</summary>
    /// <exception cref="FormatException">The blob is not a sketch of this version.</exception>
    public static List<(short Bucket, long Count)> Pairs(ReadOnlySpan<byte> blob)
    {
        var pairs = new List<(short Bucket, long Count)>();
        Decode(blob, new ListSink(pairs));
        return pairs;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Decode<TSink>(ReadOnlySpan<byte> blob, TSink sink)
        where TSink : struct, IPairSink
    {
        if (blob.IsEmpty || blob[0] != Version)
        {
            throw new FormatException(blob.IsEmpty ? "an empty sketch" : $"sketch format {blob[0]} is not {Version}");
        }

        var i = 1;
        var zigzag = ReadVarint(blob, ref i);
        var bucket = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
        while (true)
        {
            if (bucket is < short.MinValue or > short.MaxValue)
            {
                throw new FormatException($"bucket {bucket} is out of range");
            }

            var count = ReadVarint(blob, ref i);
            if (count is 0 or > long.MaxValue)
            {
                throw new FormatException($"count {count} before byte {i} of a sketch");
            }

            sink.Add((short)bucket, (long)count);
            if (i == blob.Length)
            {
                return;
            }

            var delta = ReadVarint(blob, ref i);
            if (delta is 0 or > ushort.MaxValue)
            {
                throw new FormatException($"bucket step {delta} before byte {i} of a sketch");
            }

            bucket += (long)delta;
        }
    }

    /// <summary>The C# writer of the same form (tests and tools; the store writes sketches in SQL).</summary>
    public static byte[] Encode(IEnumerable<(short Bucket, long Count)> histogram)
    {
        var pairs = histogram.Where(p => p.Count > 0).GroupBy(p => p.Bucket).Select(g => (Bucket: g.Key, Count: g.Sum(p => p.Count))).OrderBy(p => p.Bucket).ToList();
        if (pairs.Count == 0)
        {
            throw new ArgumentException("a stored sketch has at least one bucket", nameof(histogram));
        }

        var bytes = new List<byte> { Version };
        var previous = 0;
        for (var p = 0; p < pairs.Count; p++)
        {
            var (bucket, count) = pairs[p];
            WriteVarint(bytes, p == 0 ? (uint)((bucket << 1) ^ (bucket >> 31)) : (ulong)(bucket - previous));
            WriteVarint(bytes, (ulong)count);
            previous = bucket;
        }

        return [.. bytes];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadVarint(ReadOnlySpan<byte> blob, ref int i)
    {
        if ((uint)i < (uint)blob.Length && blob[i] < 0x80)
        {
            return blob[i++];
        }

        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if ((uint)i >= (uint)blob.Length)
            {
                throw new FormatException("a sketch ends inside a number");
            }

            var b = blob[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("a number of a sketch is longer than 64 bits");
    }

    private static void WriteVarint(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
    }

    private interface IPairSink
    {
        void Add(short bucket, long count);
    }

    private readonly struct AccumulatorSink(SketchAccumulator accumulator) : IPairSink
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(short bucket, long count) => accumulator.Add(bucket, count);
    }

    private readonly struct ListSink(List<(short Bucket, long Count)> pairs) : IPairSink
    {
        public void Add(short bucket, long count) => pairs.Add((bucket, count));
    }
}
