namespace Vigil.Detectors.Drift;

/// <summary>The statistical test (or distance) a column's drift is judged by.</summary>
public enum DriftTest
{
    /// <summary>Chosen from the column's kind and the reference size (<see cref="DriftTests.Default"/>).</summary>
    Auto,

    /// <summary>Two-sample Kolmogorov–Smirnov; drift when p ≤ threshold (0.05).</summary>
    Ks,

    /// <summary>
    /// Two-sample chi-squared test of homogeneity (the 2 × k table of reference and current counts); drift when
    /// p &lt; threshold (0.05). Where Evidently uses its goodness-of-fit variant (<see cref="ChiSquaredGoodnessOfFit"/>).
    /// </summary>
    ChiSquared,

    /// <summary>Evidently's chi_stat_test: current counts against the reference proportions taken as exact; drift when p &lt; threshold (0.05).</summary>
    ChiSquaredGoodnessOfFit,

    /// <summary>Two-proportion z-test (binary columns); drift when p &lt; threshold (0.05).</summary>
    ZTest,

    /// <summary>Jensen–Shannon distance, natural log; drift when distance ≥ threshold (0.1).</summary>
    JensenShannon,

    /// <summary>Population stability index, reference-decile bins; drift when PSI ≥ threshold (0.1).</summary>
    Psi,

    /// <summary>Wasserstein distance normed by the reference standard deviation; drift when ≥ threshold (0.1).</summary>
    Wasserstein,

    /// <summary>MMD permutation test on sentence embeddings (text); drift when p &lt; threshold (0.05).</summary>
    Mmd,
}

/// <summary>Names, thresholds and the default choice of <see cref="DriftTest"/>s.</summary>
public static class DriftTests
{
    /// <summary>Above this many reference values the defaults switch from p-value tests to distances (Evidently's rule).</summary>
    public const int LargeReference = 1000;

    private static readonly Dictionary<string, DriftTest> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = DriftTest.Auto,
        ["ks"] = DriftTest.Ks,
        ["chi2"] = DriftTest.ChiSquared,
        ["chi2-gof"] = DriftTest.ChiSquaredGoodnessOfFit,
        ["z"] = DriftTest.ZTest,
        ["js"] = DriftTest.JensenShannon,
        ["psi"] = DriftTest.Psi,
        ["wasserstein"] = DriftTest.Wasserstein,
        ["mmd"] = DriftTest.Mmd,
    };

    /// <summary>The names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse(string name, out DriftTest test) => ByName.TryGetValue(name.Trim(), out test);

    public static DriftTest Parse(string name) =>
        TryParse(name, out var test) ? test : throw new DriftConfigurationException($"unknown test '{name}': use one of {string.Join(", ", Names)}");

    /// <summary>The short name (ks, chi2, chi2-gof, z, js, psi, wasserstein, mmd).</summary>
    public static string Name(DriftTest test) => ByName.First(p => p.Value == test).Key;

    /// <summary>True when the test's score is a p-value (drift when small), false when it is a distance (drift when large).</summary>
    public static bool ScoresPValue(DriftTest test) => test is DriftTest.Ks or DriftTest.ChiSquared or DriftTest.ChiSquaredGoodnessOfFit or DriftTest.ZTest or DriftTest.Mmd;

    public static double DefaultThreshold(DriftTest test) => ScoresPValue(test) ? 0.05 : 0.1;

    /// <summary>
    /// Whether a score means drift: p ≤ threshold for KS and p &lt; threshold for the other p-values (Evidently's
    /// comparisons), distance ≥ threshold for the distances.
    /// </summary>
    public static bool IsDrift(DriftTest test, double score, double threshold) => test switch
    {
        DriftTest.Ks => score <= threshold,
        _ when ScoresPValue(test) => score < threshold,
        _ => score >= threshold,
    };

    /// <summary>
    /// Evidently's default per column. Reference size n_ref ≤ 1000: numbers with more than 5 distinct values KS,
    /// numbers with 3–5 distinct values and categories chi-squared, binary the z-test. n_ref &gt; 1000: numbers with
    /// more than 5 distinct values the normed Wasserstein distance, everything else Jensen–Shannon. At most two distinct
    /// values count as binary whatever the kind. Text: MMD at any size. One deviation: where Evidently runs its
    /// chi-squared goodness of fit, Vigil runs the two-sample homogeneity test (<see cref="DriftTest.ChiSquared"/>);
    /// Evidently's variant is <see cref="DriftTest.ChiSquaredGoodnessOfFit"/> (docs/drift.md says why).
    /// </summary>
    /// <param name="distinct">Distinct non-missing values in reference and current together.</param>
    public static DriftTest Default(ColumnKind kind, int distinct, int referenceCount)
    {
        var small = referenceCount <= LargeReference;
        return kind switch
        {
            ColumnKind.Text => DriftTest.Mmd,
            _ when kind == ColumnKind.Binary || distinct <= 2 => small ? DriftTest.ZTest : DriftTest.JensenShannon,
            ColumnKind.Numeric when distinct > 5 => small ? DriftTest.Ks : DriftTest.Wasserstein,
            _ => small ? DriftTest.ChiSquared : DriftTest.JensenShannon,
        };
    }
}
