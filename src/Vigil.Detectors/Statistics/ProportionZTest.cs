using MathNet.Numerics;

namespace Vigil.Detectors.Statistics;

/// <summary>A normal-approximation test result: z and its two-sided p-value.</summary>
public sealed record ZTestResult(double Statistic, double PValue);

/// <summary>
/// The two-proportion z-test with pooled variance, as Evidently's <c>z_stat_test</c> runs it:
/// z = (p1 − p2) / √(P(1 − P)(1/n1 + 1/n2)) with P the pooled proportion, p = 2·(1 − Φ(|z|)).
/// When both samples hold one and the same value (P is 0 or 1) there is nothing to test: z = 0, p = 1.
/// </summary>
public static class ProportionZTest
{
    public static ZTestResult TwoSample(int successes1, int n1, int successes2, int n2)
    {
        if (n1 <= 0 || n2 <= 0 || successes1 < 0 || successes2 < 0 || successes1 > n1 || successes2 > n2)
        {
            throw new ArgumentException("each sample needs a size above zero and between 0 and its size successes");
        }

        double p1 = (double)successes1 / n1, p2 = (double)successes2 / n2;
        var pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        var variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
        if (variance <= 0)
        {
            return new ZTestResult(0.0, 1.0);
        }

        var z = (p1 - p2) / Math.Sqrt(variance);
        // 2·(1 − Φ(|z|)) = erfc(|z|/√2), without the cancellation of 1 − Φ in the tail.
        return new ZTestResult(z, SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2)));
    }
}
