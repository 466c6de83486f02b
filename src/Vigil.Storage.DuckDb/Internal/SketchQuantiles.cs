using Vigil.Core.Statistics;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// <see cref="QuantileSketch.Quantile"/> for the p50/p95/p99 of one merged histogram, in one walk
/// (a month of hourly points asks for 3 quantiles of 2 sketches per point). Same rank rule
/// (q·(n − 1)), same bucket values; a test holds the two to the same answers.
/// </summary>
internal static class SketchQuantiles
{
    public static (double? P50, double? P95, double? P99) Of(List<(short Bucket, long Count)> histogram)
    {
        var merged = new SketchAccumulator();
        foreach (var (bucket, count) in histogram)
        {
            merged.Add(bucket, count);
        }

        return merged.Quantiles();
    }

    /// <summary>The quantiles of a stored sketch from its precomputed p50/p95/p99 buckets (<see cref="SketchBlob.QuantileBuckets"/>).</summary>
    public static (double? P50, double? P95, double? P99) OfBuckets(short p50, short p95, short p99) =>
        (QuantileSketch.ValueOf(p50), QuantileSketch.ValueOf(p95), QuantileSketch.ValueOf(p99));
}
