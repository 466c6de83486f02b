using System.Runtime.CompilerServices;
using Vigil.Core.Statistics;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Merges sketches by adding bucket counts into one dense array over the buckets seen (hourly latency
/// and cost sketches span a few hundred buckets; <see cref="QuantileSketch.ZeroBucket"/> is counted
/// apart), then walks it once for p50, p95 and p99 — no pair list, no sort. Same answers as
/// <see cref="QuantileSketch.Quantile"/>: entries with a count ≤ 0 are ignored, the rank is
/// q·(n − 1), a bucket's value is <see cref="QuantileSketch.ValueOf"/>.
/// </summary>
internal sealed class SketchAccumulator
{
    private long[] _counts = [];
    private int _low;
    private long _zero;
    private long _total;

    /// <summary>The sum of the counts added.</summary>
    public long Total => _total;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(short bucket, long count)
    {
        if (count <= 0)
        {
            return;
        }

        _total += count;
        if (bucket == QuantileSketch.ZeroBucket)
        {
            _zero += count;
            return;
        }

        var index = bucket - _low;
        if ((uint)index >= (uint)_counts.Length)
        {
            index = Grow(bucket);
        }

        _counts[index] += count;
    }

    /// <summary>p50, p95 and p99; nulls when nothing was added.</summary>
    public (double? P50, double? P95, double? P99) Quantiles()
    {
        if (_total == 0)
        {
            return (null, null, null);
        }

        var r50 = 0.50 * (_total - 1);
        var r95 = 0.95 * (_total - 1);
        var r99 = 0.99 * (_total - 1);
        double? p50 = null, p95 = null, p99 = null;
        long seen = 0;
        var last = QuantileSketch.ZeroBucket;
        if (_zero > 0)
        {
            seen = _zero;
            Check(seen, QuantileSketch.ZeroBucket);
        }

        for (var i = 0; i < _counts.Length && p99 is null; i++)
        {
            var count = _counts[i];
            if (count != 0)
            {
                seen += count;
                last = (short)(_low + i);
                Check(seen, last);
            }
        }

        // Only reachable when q·(n − 1) rounds to n or more (n > 2^53): the last bucket, as QuantileSketch does.
        var top = QuantileSketch.ValueOf(last);
        return (p50 ?? top, p95 ?? top, p99 ?? top);

        void Check(long running, short bucket)
        {
            if (p50 is null && running > r50)
            {
                p50 = QuantileSketch.ValueOf(bucket);
            }

            if (p95 is null && running > r95)
            {
                p95 = QuantileSketch.ValueOf(bucket);
            }

            if (p99 is null && running > r99)
            {
                p99 = QuantileSketch.ValueOf(bucket);
            }
        }
    }

    /// <summary>Widens the array to hold <paramref name="bucket"/> (with room to grow on that side) and returns its index.</summary>
    private int Grow(int bucket)
    {
        if (_counts.Length == 0)
        {
            _low = bucket - 8;
            _counts = new long[64];
            return bucket - _low;
        }

        var high = _low + _counts.Length - 1;
        var slack = Math.Max(32, _counts.Length / 2);
        var low = bucket < _low ? bucket - slack : _low;
        var newHigh = bucket > high ? bucket + slack : high;
        var counts = new long[newHigh - low + 1];
        Array.Copy(_counts, 0, counts, _low - low, _counts.Length);
        _counts = counts;
        _low = low;
        return bucket - _low;
    }
}
