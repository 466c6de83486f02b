using MathNet.Numerics.Distributions;
using Vigil.Core.Evals;

namespace Vigil.Evals.Runs;

/// <summary>
/// A scorer's summary over a run: the mean score with a 95 % Student-t interval and the pass rate with a
/// 95 % Wilson score interval, every value clamped to [0, 1]. One score gives an interval equal to the
/// mean; equal scores give a zero-width interval; no scores give mean and pass rate 0 with the
/// uninformative interval [0, 1].
/// </summary>
public static class RunStatistics
{
    public const double Confidence = 0.95;

    public static ScorerSummary Summarize(string scorer, IReadOnlyList<ItemScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var n = scores.Count;
        if (n == 0)
        {
            return new ScorerSummary(scorer, 0, 0, 0, 1, 0, 0, 1);
        }

        var values = scores.Select(s => s.Value).ToArray();
        var (mean, sd) = MeanAndSd(values);
        var half = n == 1 || sd == 0 ? 0 : TwoSidedT(n - 1) * sd / Math.Sqrt(n);
        var passed = scores.Count(s => s.Passed);
        var (low, high) = Wilson(passed, n, Confidence);
        return new ScorerSummary(
            scorer, n, Clamp(mean), Clamp(mean - half), Clamp(mean + half), (double)passed / n, low, high);
    }

    /// <summary>The Wilson score interval of <paramref name="successes"/> out of <paramref name="n"/> at the two-sided <paramref name="confidence"/>.</summary>
    public static (double Low, double High) Wilson(int successes, int n, double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        var z = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
        var p = (double)successes / n;
        var z2n = z * z / n;
        var center = (p + z2n / 2) / (1 + z2n);
        var half = z / (1 + z2n) * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        return (successes == 0 ? 0 : Clamp(center - half), successes == n ? 1 : Clamp(center + half));
    }

    /// <summary>Mean and sample standard deviation (n − 1); exactly (x, 0) when every value is x.</summary>
    internal static (double Mean, double Sd) MeanAndSd(IReadOnlyList<double> values)
    {
        var n = values.Count;
        if (values.All(v => v.Equals(values[0])))
        {
            return (values[0], 0);
        }

        var mean = values.Sum() / n;
        var squares = values.Sum(v => (v - mean) * (v - mean));
        return (mean, n > 1 ? Math.Sqrt(squares / (n - 1)) : 0);
    }

    /// <summary>t such that P(T ≤ t) = <paramref name="p"/> with <paramref name="df"/> degrees of freedom.</summary>
    internal static double TQuantile(double df, double p) => StudentT.InvCDF(0, 1, df, p);

    private static double TwoSidedT(int df) => TQuantile(df, 1 - (1 - Confidence) / 2);

    private static double Clamp(double value) => Math.Clamp(value, 0, 1);
}
