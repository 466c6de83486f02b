using MathNet.Numerics;

namespace Vigil.Detectors.Compliance;

/// <summary>A trend: the Theil–Sen slope (per step) and the Mann–Kendall S, z and two-sided p-value.</summary>
public sealed record TrendResult(double Slope, int S, double Z, double PValue);

/// <summary>
/// Theil–Sen slope with the Mann–Kendall test, as <c>pymannkendall.original_test</c> computes it: S = Σ sign(xⱼ − xᵢ) over
/// i &lt; j; Var S = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)]/18 over groups of t tied values; z = (S − sign S)/√Var S (continuity
/// correction); p = 2(1 − Φ(|z|)). Theil–Sen: the median of (xⱼ − xᵢ)/(j − i) over i &lt; j. Robust to one odd period, no
/// normality assumed — a least-squares slope with a t-test would be pulled by a single outlying period.
/// </summary>
public static class TrendTest
{
    public static TrendResult MannKendall(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        if (n < 3)
        {
            throw new ArgumentException("a trend needs at least 3 values", nameof(values));
        }

        var s = 0;
        var slopes = new List<double>(n * (n - 1) / 2);
        for (var i = 0; i < n - 1; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var d = values[j] - values[i];
                s += Math.Sign(d);
                slopes.Add(d / (j - i));
            }
        }

        var ties = values.GroupBy(v => v).Select(g => (double)g.Count()).Where(t => t > 1).Sum(t => t * (t - 1) * (2 * t + 5));
        var variance = (n * (n - 1.0) * (2 * n + 5) - ties) / 18;
        var z = variance <= 0 || s == 0 ? 0 : (s - Math.Sign(s)) / Math.Sqrt(variance);
        return new TrendResult(Median(slopes), s, z, SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2)));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
