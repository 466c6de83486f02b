using Vigil.Detectors.Statistics;
using Vigil.Detectors.Statistics.Internal;

namespace Vigil.Detectors.Tests.Statistics;

/// <summary>The statistics beyond the shared cases; SciPy values computed with SciPy 1.10.1 on the same inputs.</summary>
public sealed class OtherStatisticsTests
{
    [Fact]
    public void Contingency_2x2_AppliesYatesCorrectionUnlessDisabled()
    {
        double[][] table = [[12, 5], [7, 14]];
        var corrected = ChiSquaredTests.Contingency(table);
        Assert.Equal(3.831932773109244, corrected.Statistic, 1e-12);
        Assert.Equal(0.05028491606049412, corrected.PValue, 1e-12);
        var plain = ChiSquaredTests.Contingency(table, correction: false);
        Assert.Equal(5.215686274509804, plain.Statistic, 1e-12);
        Assert.Equal(0.022384010692177766, plain.PValue, 1e-12);
        Assert.Equal(1, plain.DegreesOfFreedom);
    }

    [Fact]
    public void ChiSquaredDrift_CategoryTheReferenceNeverSaw_IsInfiniteAndDrifts()
    {
        var reference = new Dictionary<string, int> { ["stop"] = 90, ["length"] = 10 };
        var current = new Dictionary<string, int> { ["stop"] = 80, ["length"] = 10, ["content_filter"] = 10 };
        var result = ChiSquaredTests.DriftTest(reference, current);
        Assert.True(double.IsPositiveInfinity(result.Statistic));
        Assert.Equal(0.0, result.PValue);
        Assert.Equal(2, result.DegreesOfFreedom);
    }

    [Fact]
    public void ZTest_MatchesTheNormalApproximation()
    {
        var result = ProportionZTest.TwoSample(40, 100, 55, 120);
        Assert.Equal(-0.8697650418763532, result.Statistic, 1e-12);
        Assert.Equal(0.3844288193282097, result.PValue, 1e-12);
    }

    [Fact]
    public void ZTest_OneValueInBothSamples_HasNothingToTest()
    {
        var result = ProportionZTest.TwoSample(50, 50, 80, 80);
        Assert.Equal(1.0, result.PValue);
    }

    [Fact]
    public void NormedWasserstein_DividesByTheReferencePopulationStd_AtLeast0001()
    {
        double[] reference = [.. Enumerable.Range(0, 10).Select(i => (double)i)];
        double[] shifted = [.. reference.Select(x => x + 2)];
        Assert.Equal(0.6963106238227914, Wasserstein.Normed(reference, shifted), 1e-12);
        // A constant reference divides by the floor, 0.001: a shift of 0.5 scores 500.
        Assert.Equal(500.0, Wasserstein.Normed([1.0, 1.0, 1.0], [1.5, 1.5]), 1e-9);
    }

    [Fact]
    public void PsiBins_AreTheReferenceDeciles_RightClosed()
    {
        double[] reference = [.. Enumerable.Range(1, 100).Select(i => (double)i)];
        var edges = Binning.QuantileEdges(reference, 10);
        Assert.Equal([10.9, 20.8, 30.7, 40.6, 50.5, 60.4, 70.3, 80.2, 90.1], edges, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([1.0, 0, 0, 0, 0, 0, 0, 0, 0, 1], Binning.Count([10.9, 95], edges));
        Assert.Equal(0.0, PopulationStability.Numeric(reference, reference), 1e-15);
    }

    [Fact]
    public void Psi_EmptyBin_IsSmoothedTo00001()
    {
        // Reference all in the first bin, current half there: the empty reference bin counts as 0.0001.
        var psi = PopulationStability.Index([10, 0], [5, 5]);
        var expected = (0.5 - 1.0) * Math.Log(0.5 / 1.0) + (0.5 - 0.0001) * Math.Log(0.5 / 0.0001);
        Assert.Equal(expected, psi, 1e-12);
    }

    [Fact]
    public void PsiNumeric_ShiftedCurrent_IsMajor()
    {
        double[] reference = [.. Enumerable.Range(0, 1000).Select(i => i / 1000.0)];
        double[] current = [.. reference.Select(x => x + 0.3)];
        Assert.True(PopulationStability.Numeric(reference, current) > 0.25);
    }

    [Fact]
    public void JensenShannon_NaturalLogMaximumIsSqrtLn2()
    {
        Assert.Equal(Math.Sqrt(Math.Log(2)), JensenShannon.Distance([1, 0], [0, 1]), 1e-15);
    }

    [Fact]
    public void Mmd_SameDistribution_NoDrift_ShiftedDistribution_Drift()
    {
        var random = new Random(7);
        float[][] Cloud(int n, float shift) => [.. Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() + shift)).ToArray())];
        var same = MaximumMeanDiscrepancy.PermutationTest(Cloud(60, 0), Cloud(60, 0), 200, seed: 1);
        var shifted = MaximumMeanDiscrepancy.PermutationTest(Cloud(60, 0), Cloud(60, 0.3f), 200, seed: 1);
        Assert.True(same.PValue >= 0.05, $"same distribution p = {same.PValue}");
        Assert.True(shifted.PValue < 0.05, $"shifted p = {shifted.PValue}");
        Assert.Equal(1.0 / 201, shifted.PValue, 1e-12);
    }

    [Fact]
    public void Mmd_SameSeed_SameAnswer()
    {
        float[][] x = [[0f, 1f], [1f, 0f], [0.5f, 0.5f], [0.2f, 0.1f]];
        float[][] y = [[1f, 1f], [0.9f, 0.8f], [0.7f, 1f]];
        Assert.Equal(MaximumMeanDiscrepancy.PermutationTest(x, y, 100, seed: 3), MaximumMeanDiscrepancy.PermutationTest(x, y, 100, seed: 3));
    }

    [Fact]
    public void Binomial_ExactWhereItFits_InfiniteBeyondTheDoubleRange()
    {
        Assert.Equal(12_551_759_587_422.0, Binomial.Of(47, 21));
        Assert.Equal(1.0, Binomial.Of(10, 0));
        Assert.Equal(0.0, Binomial.Of(3, 5));
        Assert.True(double.IsPositiveInfinity(Binomial.Of(1300, 600)));
    }
}
