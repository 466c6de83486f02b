namespace Vigil.Core.Statistics;

/// <summary>
/// A log-bucketed quantile sketch in the manner of DDSketch: a positive value v falls in bucket
/// ⌈ln v / ln γ⌉ with γ = (1 + α)/(1 − α), and a bucket's representative value is within a relative
/// error α of every value in it. Sketches merge by adding bucket counts, which is what lets
/// per-minute rollups answer quantiles over any range. Zero and negative values share one bucket
/// whose value is 0.
/// </summary>
public static class QuantileSketch
{
    /// <summary>The relative accuracy α of every quantile.</summary>
    public const double RelativeAccuracy = 0.02;

    /// <summary>The bucket of values ≤ 0 (and of values too small to tell from 0).</summary>
    public const short ZeroBucket = short.MinValue;

    public static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);

    public static readonly double LnGamma = Math.Log(Gamma);

    public static short BucketOf(double value)
    {
        if (!(value > 0) || double.IsNaN(value))
        {
            return ZeroBucket;
        }

        var index = Math.Ceiling(Math.Log(value) / LnGamma);
        return index <= short.MinValue + 1 ? ZeroBucket : (short)Math.Min(index, short.MaxValue);
    }

    public static double ValueOf(short bucket) =>
        bucket == ZeroBucket ? 0 : 2 * Math.Pow(Gamma, bucket) / (Gamma + 1);

    /// <summary>
    /// The q-quantile (0 ≤ q ≤ 1) of a histogram given as (bucket, count) pairs in any order; null
    /// when the histogram is empty. Uses the rank q·(n − 1), as DDSketch does.
    /// </summary>
    public static double? Quantile(IEnumerable<(short Bucket, long Count)> histogram, double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        var sorted = histogram.Where(b => b.Count > 0).OrderBy(b => b.Bucket).ToList();
        var total = sorted.Sum(b => b.Count);
        if (total == 0)
        {
            return null;
        }

        var rank = q * (total - 1);
        long seen = 0;
        foreach (var (bucket, count) in sorted)
        {
            seen += count;
            if (seen > rank)
            {
                return ValueOf(bucket);
            }
        }

        return ValueOf(sorted[^1].Bucket);
    }
}
