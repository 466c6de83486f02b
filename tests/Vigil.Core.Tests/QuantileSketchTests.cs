using Vigil.Core.Statistics;

namespace Vigil.Core.Tests;

public sealed class QuantileSketchTests
{
    [Fact]
    public void Quantile_OfOneToThousand_IsWithinRelativeAccuracy()
    {
        var histogram = Enumerable.Range(1, 1000)
            .GroupBy(v => QuantileSketch.BucketOf(v))
            .Select(g => (g.Key, (long)g.Count()));

        var list = histogram.ToList();
        foreach (var (q, exact) in new[] { (0.5, 500.5), (0.95, 950.05), (0.99, 990.01) })
        {
            var estimate = QuantileSketch.Quantile(list, q)!.Value;
            Assert.InRange(estimate, exact * (1 - QuantileSketch.RelativeAccuracy) - 1, exact * (1 + QuantileSketch.RelativeAccuracy) + 1);
        }
    }

    [Fact]
    public void Quantile_OfEmptyHistogram_IsNull() =>
        Assert.Null(QuantileSketch.Quantile([], 0.5));

    [Fact]
    public void BucketOf_ZeroAndNegative_ShareTheZeroBucketWhoseValueIsZero()
    {
        Assert.Equal(QuantileSketch.ZeroBucket, QuantileSketch.BucketOf(0));
        Assert.Equal(QuantileSketch.ZeroBucket, QuantileSketch.BucketOf(-3));
        Assert.Equal(0, QuantileSketch.ValueOf(QuantileSketch.ZeroBucket));
    }

    [Theory]
    [InlineData(0.000001)]
    [InlineData(0.37)]
    [InlineData(12.5)]
    [InlineData(86_400_000)]
    public void ValueOf_BucketOfValue_IsWithinRelativeAccuracy(double value)
    {
        var back = QuantileSketch.ValueOf(QuantileSketch.BucketOf(value));
        Assert.InRange(back / value, 1 - QuantileSketch.RelativeAccuracy - 1e-9, 1 + QuantileSketch.RelativeAccuracy + 1e-9);
    }
}
