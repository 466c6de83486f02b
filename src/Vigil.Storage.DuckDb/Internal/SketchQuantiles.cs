using Vigil.Core.Statistics;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// <see cref="QuantileSketch.Quantile"/> for several quantiles of one merged histogram, sorting it once
/// (a month of hourly points asks for 3 quantiles of 2 sketches per point). Same rank rule
/// (q·(n − 1)), same bucket values; a test holds the two to the same answers.
/// </summary>
internal static class SketchQuantiles
{
    public static (double? P50, double? P95, double? P99) Of(List<(short Bucket, long Count)> histogram)
    {
        histogram.RemoveAll(b => b.Count <= 0);
        if (histogram.Count == 0)
        {
            return (null, null, null);
        }

        histogram.Sort(static (a, b) => a.Bucket.CompareTo(b.Bucket));
        long total = 0;
        foreach (var (_, count) in histogram)
        {
            total += count;
        }

        return (Walk(histogram, total, 0.50), Walk(histogram, total, 0.95), Walk(histogram, total, 0.99));
    }

    private static double Walk(List<(short Bucket, long Count)> sorted, long total, double q)
    {
        var rank = q * (total - 1);
        long seen = 0;
        foreach (var (bucket, count) in sorted)
        {
            seen += count;
            if (seen > rank)
            {
                return QuantileSketch.ValueOf(bucket);
            }
        }

        return QuantileSketch.ValueOf(sorted[^1].Bucket);
    }
}
