using MathNet.Numerics;

namespace Vigil.Detectors.Statistics;

/// <summary>A chi-squared-distributed statistic with its p-value and degrees of freedom.</summary>
public sealed record ChiSquaredResult(double Statistic, double PValue, int DegreesOfFreedom);

/// <summary>
/// Pearson's chi-squared and the Cressie–Read power-divergence family, as SciPy computes them
/// (<c>chisquare</c>, <c>power_divergence</c>, <c>chi2_contingency</c>), and Evidently's chi-squared drift test.
/// </summary>
public static class ChiSquaredTests
{
    /// <summary>λ = 1: Pearson's X².</summary>
    public const double Pearson = 1.0;

    /// <summary>λ = 0: the log-likelihood ratio G (the G-test).</summary>
    public const double LogLikelihood = 0.0;

    /// <summary>
    /// Goodness of fit of observed counts to expected counts (SciPy's <c>chisquare</c>; with <paramref name="lambda"/>
    /// its <c>power_divergence</c>). Degrees of freedom k − 1 − <paramref name="ddof"/>. An expected count of zero where
    /// something was observed gives +∞ and p = 0.
    /// </summary>
    public static ChiSquaredResult GoodnessOfFit(IReadOnlyList<double> observed, IReadOnlyList<double> expected, int ddof = 0, double lambda = Pearson)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(expected);
        if (observed.Count != expected.Count || observed.Count == 0)
        {
            throw new ArgumentException("observed and expected need the same, non-zero number of categories");
        }

        var statistic = PowerDivergence(observed, expected, lambda);
        var dof = observed.Count - 1 - ddof;
        return new ChiSquaredResult(statistic, UpperTail(statistic, dof), dof);
    }

    /// <summary>
    /// Evidently's <c>chi_stat_test</c>: the current counts against the reference proportions scaled to the current
    /// size (f_exp = reference count × n_cur / n_ref) over the union of categories. A category that the reference
    /// never saw but the current sample has gives +∞ and p = 0 (drift). It takes the reference proportions as exact,
    /// so with a reference about as small as the current sample it flags drift far more often than its p-value says
    /// (about 2χ² under no drift for equal sizes); <see cref="Homogeneity{TCategory}"/> does not.
    /// </summary>
    public static ChiSquaredResult DriftTest<TCategory>(IReadOnlyDictionary<TCategory, int> referenceCounts, IReadOnlyDictionary<TCategory, int> currentCounts)
        where TCategory : notnull
    {
        ArgumentNullException.ThrowIfNull(referenceCounts);
        ArgumentNullException.ThrowIfNull(currentCounts);
        var keys = referenceCounts.Keys.Union(currentCounts.Keys).ToList();
        double nRef = referenceCounts.Values.Sum(), nCur = currentCounts.Values.Sum();
        if (nRef == 0 || nCur == 0)
        {
            throw new ArgumentException("both samples need at least one value");
        }

        var scale = nCur / nRef;
        var observed = keys.Select(k => (double)currentCounts.GetValueOrDefault(k)).ToArray();
        var expected = keys.Select(k => referenceCounts.GetValueOrDefault(k) * scale).ToArray();
        return GoodnessOfFit(observed, expected);
    }

    /// <summary>
    /// The two-sample chi-squared test of homogeneity: are reference and current counts draws from one categorical
    /// distribution? <see cref="Contingency"/> on the 2 × k table of counts over the union of categories (Yates'
    /// correction when k = 2, as SciPy does by default). Unlike <see cref="DriftTest{TCategory}"/> it treats the
    /// reference as the sample it is, so its false-alarm rate stays at the significance level.
    /// </summary>
    public static ChiSquaredResult Homogeneity<TCategory>(IReadOnlyDictionary<TCategory, int> referenceCounts, IReadOnlyDictionary<TCategory, int> currentCounts)
        where TCategory : notnull
    {
        ArgumentNullException.ThrowIfNull(referenceCounts);
        ArgumentNullException.ThrowIfNull(currentCounts);
        var keys = referenceCounts.Keys.Union(currentCounts.Keys).Where(k => referenceCounts.GetValueOrDefault(k) + currentCounts.GetValueOrDefault(k) > 0).ToList();
        if (referenceCounts.Values.Sum() == 0 || currentCounts.Values.Sum() == 0)
        {
            throw new ArgumentException("both samples need at least one value");
        }

        if (keys.Count < 2)
        {
            return new ChiSquaredResult(0.0, 1.0, 0);
        }

        double[][] table =
        [
            [.. keys.Select(k => (double)referenceCounts.GetValueOrDefault(k))],
            [.. keys.Select(k => (double)currentCounts.GetValueOrDefault(k))],
        ];
        return Contingency(table);
    }

    /// <summary>
    /// Independence in a contingency table (SciPy's <c>chi2_contingency</c>): expected counts from the margins,
    /// dof = Π(dim − 1), Yates' continuity correction when dof = 1 and <paramref name="correction"/> is set (each
    /// observed count moved towards its expected count by at most 0.5), statistic from the power-divergence family.
    /// </summary>
    public static ChiSquaredResult Contingency(double[][] table, bool correction = true, double lambda = Pearson)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = table.Length;
        var cols = rows == 0 ? 0 : table[0].Length;
        if (rows == 0 || cols == 0 || table.Any(r => r.Length != cols))
        {
            throw new ArgumentException("the table must be a non-empty rectangle");
        }

        var rowSums = table.Select(r => r.Sum()).ToArray();
        var colSums = Enumerable.Range(0, cols).Select(c => table.Sum(r => r[c])).ToArray();
        var total = rowSums.Sum();
        var observed = new double[rows * cols];
        var expected = new double[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                if (table[r][c] < 0)
                {
                    throw new ArgumentException("counts cannot be negative");
                }

                observed[r * cols + c] = table[r][c];
                expected[r * cols + c] = rowSums[r] * colSums[c] / total;
            }
        }

        if (expected.Any(e => e == 0))
        {
            throw new ArgumentException("a row or column of the table sums to zero, so an expected frequency is zero");
        }

        var dof = (rows - 1) * (cols - 1);
        if (dof == 0)
        {
            return new ChiSquaredResult(0.0, 1.0, 0);
        }

        if (dof == 1 && correction)
        {
            for (var i = 0; i < observed.Length; i++)
            {
                var diff = expected[i] - observed[i];
                observed[i] += Math.Min(0.5, Math.Abs(diff)) * Math.Sign(diff);
            }
        }

        var statistic = PowerDivergence(observed, expected, lambda);
        return new ChiSquaredResult(statistic, UpperTail(statistic, dof), dof);
    }

    /// <summary>P(X ≥ statistic) for X ~ χ²(dof), from the regularised upper incomplete gamma function (no 1 − CDF cancellation).</summary>
    public static double UpperTail(double statistic, int dof)
    {
        if (dof <= 0 || double.IsNaN(statistic))
        {
            return double.NaN;
        }

        if (double.IsPositiveInfinity(statistic))
        {
            return 0.0;
        }

        return statistic <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(dof / 2.0, statistic / 2.0);
    }

    private static double PowerDivergence(IReadOnlyList<double> observed, IReadOnlyList<double> expected, double lambda)
    {
        var sum = 0.0;
        for (var i = 0; i < observed.Count; i++)
        {
            double o = observed[i], e = expected[i];
            if (o < 0 || e < 0)
            {
                throw new ArgumentException("counts cannot be negative");
            }

            sum += lambda switch
            {
                Pearson => e == 0 ? (o == 0 ? 0 : double.PositiveInfinity) : (o - e) * (o - e) / e,
                LogLikelihood => 2.0 * XLogXOverY(o, e),
                // Cressie–Read: 2/(λ(λ+1)) · Σ o·((o/e)^λ − 1).
                _ => 2.0 / (lambda * (lambda + 1)) * (o * (Math.Pow(o / e, lambda) - 1)),
            };
        }

        return sum;
    }

    /// <summary>o·ln(o/e), 0 when o = 0 (SciPy's xlogy convention).</summary>
    private static double XLogXOverY(double o, double e) =>
        o == 0 ? 0 : e == 0 ? double.PositiveInfinity : o * Math.Log(o / e);
}
