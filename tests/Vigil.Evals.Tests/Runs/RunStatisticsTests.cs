using Vigil.Core.Evals;
using Vigil.Evals.Runs;

namespace Vigil.Evals.Tests.Runs;

/// <summary>
/// Reference values computed apart from the code under test: quantiles from SciPy (as quoted) and from
/// mpmath (30 digits: the t CDF as a regularised incomplete beta function, inverted by root finding),
/// intervals from their textbook formulas evaluated with those quantiles.
/// </summary>
public sealed class RunStatisticsTests
{
    /// <summary>scipy.stats.t.ppf(0.975, 9); mpmath gives 2.26215716279820554, within 6e-11.</summary>
    private const double T975Df9 = 2.2621571627409915;

    /// <summary>scipy.stats.norm.ppf(0.975).</summary>
    private const double Z975 = 1.959963984540054;

    private static ItemScore[] Scores(params (double Value, bool Passed)[] scores) =>
        [.. scores.Select(s => new ItemScore("s", s.Value, s.Passed, ""))];

    [Fact]
    public void TQuantile_AgreesWithScipy()
    {
        Assert.Equal(T975Df9, RunStatistics.TQuantile(9, 0.975), 1e-9);
        Assert.Equal(1.8331129326536335, RunStatistics.TQuantile(9, 0.95), 1e-9); // scipy.stats.t.ppf(0.95, 9)
        Assert.Equal(1.8595480375228424, RunStatistics.TQuantile(8, 0.95), 1e-9); // scipy.stats.t.ppf(0.95, 8)
    }

    [Fact]
    public void Summarize_TenScores_MeanIntervalIsStudentTWithNineDegreesOfFreedom()
    {
        // 0.2, 0.4, 0.6, 0.8, 1.0 twice: mean 0.6, s = sqrt(0.8 / 9); mean ± t(0.975, 9) · s / sqrt(10).
        double[] values = [0.2, 0.4, 0.6, 0.8, 1.0, 0.2, 0.4, 0.6, 0.8, 1.0];

        var summary = RunStatistics.Summarize("similarity", Scores([.. values.Select(v => (v, v >= 0.5))]));

        var half = T975Df9 * Math.Sqrt(0.8 / 9) / Math.Sqrt(10);
        Assert.Equal("similarity", summary.Scorer);
        Assert.Equal(10, summary.Count);
        Assert.Equal(0.6, summary.Mean, 1e-12);
        Assert.Equal(0.6 - half, summary.MeanLow, 1e-9);
        Assert.Equal(0.6 + half, summary.MeanHigh, 1e-9);
        Assert.Equal(0.386721777343422, summary.MeanLow, 1e-9); // mpmath, 30 digits
        Assert.Equal(0.813278222656578, summary.MeanHigh, 1e-9);
    }

    [Fact]
    public void Summarize_EightOfTenPassed_PassRateIntervalIsWilson()
    {
        var summary = RunStatistics.Summarize("exact", Scores([.. Enumerable.Range(0, 10).Select(i => (i < 8 ? 1.0 : 0.0, i < 8))]));

        Assert.Equal(0.8, summary.PassRate);
        // Wilson 95 % for 8/10: (0.4902, 0.9433) in the textbooks; with z = 1.959963984540054,
        // (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n) = 0.490162471536642, 0.943317848545625.
        Assert.Equal(0.4902, summary.PassRateLow, 4);
        Assert.Equal(0.9433, summary.PassRateHigh, 4);
        Assert.Equal(0.490162471536642, summary.PassRateLow, 1e-12);
        Assert.Equal(0.943317848545625, summary.PassRateHigh, 1e-12);
        Assert.Equal(Z975, MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.975), 1e-12);
    }

    [Fact]
    public void Summarize_NonePassed_WilsonStartsAtZero()
    {
        var (low, high) = RunStatistics.Wilson(0, 20, 0.95);

        Assert.Equal(0, low);
        Assert.Equal(0.161125158052819, high, 1e-12); // z² / (n + z²), mpmath
    }

    [Fact]
    public void Summarize_OneScore_IntervalIsTheMean()
    {
        var summary = RunStatistics.Summarize("s", Scores((0.7, true)));

        Assert.Equal((0.7, 0.7, 0.7), (summary.Mean, summary.MeanLow, summary.MeanHigh));
        Assert.Equal(1, summary.PassRate);
    }

    [Fact]
    public void Summarize_AllScoresEqual_ZeroWidthInterval()
    {
        var summary = RunStatistics.Summarize("s", Scores((0.1, false), (0.1, false), (0.1, false)));

        Assert.Equal((0.1, 0.1, 0.1), (summary.Mean, summary.MeanLow, summary.MeanHigh));
    }

    [Fact]
    public void Summarize_WideInterval_IsClampedToTheUnitRange()
    {
        // Two scores 0 and 1: mean 0.5 ± 12.7 · 0.707 / 1.41, far outside [0, 1].
        var summary = RunStatistics.Summarize("s", Scores((0, false), (1, true)));

        Assert.Equal((0.5, 0.0, 1.0), (summary.Mean, summary.MeanLow, summary.MeanHigh));
        Assert.InRange(summary.PassRateLow, 0, 0.5);
        Assert.InRange(summary.PassRateHigh, 0.5, 1);
    }

    [Fact]
    public void Summarize_NoScores_IsZeroWithTheUninformativeInterval()
    {
        Assert.Equal(new ScorerSummary("s", 0, 0, 0, 1, 0, 0, 1), RunStatistics.Summarize("s", []));
    }
}
