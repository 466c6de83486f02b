using Vigil.Detectors.Statistics;

namespace Vigil.Detectors.Tests.Statistics;

/// <summary>
/// The paths of ks_2samp that the shared cases do not reach: large samples (asymptotic, each of Simard and L'Ecuyer's
/// methods), one-sided tests, and the exact computation that overflows and falls back. Expected values were computed
/// with SciPy 1.10.1 (Debian 12's python3-scipy) on the same inputs: sample i of n is ((i + 0.5)/n)·scale + shift.
/// </summary>
public sealed class KolmogorovSmirnovTests
{
    [Theory]
    [InlineData("AsymptoticTwoSided_LargeSamples", 12000, 1.0, 0.0, 11000, 1.0, 0.02, KsAlternative.TwoSided, 0.020083333333333342, 0.019254343663002226, KsMethod.Asymptotic)]
    [InlineData("AsymptoticTwoSided_SmallEffectiveSize_Durbin", 50, 1.0, 0.0, 20000, 1.0, 0.06, KsAlternative.TwoSided, 0.07000000000000006, 0.9527143282206617, KsMethod.Asymptotic)]
    [InlineData("AsymptoticTwoSided_SmallEffectiveSize_Pomeranz", 50, 1.0, 0.0, 20000, 1.0, 0.2, KsAlternative.TwoSided, 0.21000000000000008, 0.020596236050697714, KsMethod.Asymptotic)]
    [InlineData("AsymptoticTwoSided_SmallEffectiveSize_Smirnov", 50, 1.0, 0.0, 20000, 1.0, 0.41, KsAlternative.TwoSided, 0.42000000000000004, 1.6488711093797762e-08, KsMethod.Asymptotic)]
    [InlineData("AsymptoticTwoSided_RubenGambino", 50, 1.0, 0.0, 20000, 1.0, 0.005, KsAlternative.TwoSided, 0.015000000000000013, 1.0, KsMethod.Asymptotic)]
    [InlineData("AsymptoticTwoSided_PelzGood", 15000, 1.0, 0.0, 20000, 1.0, 0.012, KsAlternative.TwoSided, 0.01205000000000006, 0.16455325610185445, KsMethod.Asymptotic)]
    [InlineData("AsymptoticTwoSided_LargeTail", 15000, 1.0, 0.0, 20000, 1.0, 0.025, KsAlternative.TwoSided, 0.025050000000000072, 4.184972691535804e-05, KsMethod.Asymptotic)]
    [InlineData("AsymptoticGreater_Hodges", 12000, 1.0, 0.0, 11000, 1.0, 0.02, KsAlternative.Greater, 0.020083333333333342, 0.009566984733170275, KsMethod.Asymptotic)]
    [InlineData("ExactLess_UnequalSizes", 300, 1.0, 0.0, 350, 1.0, -0.08, KsAlternative.Less, 0.08285714285714285, 0.10248750334965089, KsMethod.Exact)]
    [InlineData("ExactLess_OverflowFallsBackToAsymptotic", 600, 1.0, 0.0, 700, 1.0, -0.05, KsAlternative.Less, 0.05142857142857143, 0.17219617855720853, KsMethod.Asymptotic)]
    // binom(19999, 9999) overflows: the exact count is abandoned at once, as SciPy abandons it (with a warning).
    [InlineData("ExactGreater_LargeOverflowFallsBack", 10000, 1.0, 0.0, 9999, 1.0, 0.01, KsAlternative.Greater, 0.0101, 0.35695383328014524, KsMethod.Asymptotic)]
    [InlineData("ExactGreater_EqualSizes", 400, 1.0, 0.0, 400, 1.0, 0.07, KsAlternative.Greater, 0.0725, 0.12224685139415992, KsMethod.Exact)]
    [InlineData("ExactTwoSided_UnequalLarge", 3000, 1.0, 0.0, 4000, 1.0, 0.03, KsAlternative.TwoSided, 0.03025, 0.08526408002313152, KsMethod.Exact)]
    [InlineData("ExactTwoSided_EqualLarge", 5000, 1.0, 0.0, 5000, 1.1, 0.0, KsAlternative.TwoSided, 0.091, 1.9768415225804654e-18, KsMethod.Exact)]
    public void Ks_MatchesSciPy(string name, int n1, double scale1, double shift1, int n2, double scale2, double shift2,
        KsAlternative alternative, double statistic, double pValue, KsMethod method)
    {
        var result = KolmogorovSmirnov.TwoSample(Sample(n1, scale1, shift1), Sample(n2, scale2, shift2), alternative);
        Assert.True(Math.Abs(result.Statistic - statistic) <= 1e-12 * statistic, $"{name}: D {result.Statistic:R}, SciPy {statistic:R}");
        Assert.True(Math.Abs(result.PValue - pValue) <= 1e-9 * pValue, $"{name}: p {result.PValue:R}, SciPy {pValue:R}");
        Assert.Equal(method, result.Method);
    }

    [Fact]
    public void Ks_AutoMethod_ExactUpTo10000ValuesPerSample()
    {
        Assert.Equal(KsMethod.Exact, KolmogorovSmirnov.TwoSample(Sample(10_000, 1, 0), Sample(30, 1, 0.1)).Method);
        Assert.Equal(KsMethod.Asymptotic, KolmogorovSmirnov.TwoSample(Sample(10_001, 1, 0), Sample(30, 1, 0.1)).Method);
        Assert.Equal(KsMethod.Asymptotic, KolmogorovSmirnov.TwoSample(Sample(30, 1, 0), Sample(40, 1, 0.1), method: KsMethod.Asymptotic).Method);
    }

    [Fact]
    public void Ks_IdenticalSamples_DIsZeroAndPIsOne()
    {
        var result = KolmogorovSmirnov.TwoSample(Sample(25, 1, 0), Sample(25, 1, 0));
        Assert.Equal(0.0, result.Statistic);
        Assert.Equal(1.0, result.PValue);
    }

    [Fact]
    public void Ks_EmptyOrNaN_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([], [1.0]));
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([double.NaN], [1.0]));
    }

    private static double[] Sample(int n, double scale, double shift) => [.. Enumerable.Range(0, n).Select(i => (i + 0.5) / n * scale + shift)];
}
