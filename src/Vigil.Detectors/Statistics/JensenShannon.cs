namespace Vigil.Detectors.Statistics;

/// <summary>
/// The Jensen–Shannon DISTANCE (the square root of the divergence), as <c>scipy.spatial.distance.jensenshannon</c>
/// computes it: both vectors normalised to sum 1, natural logarithm unless a base is given. With the natural log it
/// ranges over [0, √ln 2 ≈ 0.8326] (SciPy's and Evidently's convention); with base 2 over [0, 1] (NannyML's).
/// Thresholds do not carry over between the two bases.
/// </summary>
public static class JensenShannon
{
    /// <param name="p">Non-negative weights (counts or proportions).</param>
    /// <param name="q">Non-negative weights over the same bins.</param>
    /// <param name="logBase">The logarithm's base; <see cref="Math.E"/> (the default) for nats.</param>
    public static double Distance(IReadOnlyList<double> p, IReadOnlyList<double> q, double logBase = Math.E)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (p.Count != q.Count || p.Count == 0)
        {
            throw new ArgumentException("p and q need the same, non-zero number of bins");
        }

        if (p.Any(v => v < 0) || q.Any(v => v < 0))
        {
            throw new ArgumentException("weights cannot be negative");
        }

        double sumP = p.Sum(), sumQ = q.Sum();
        if (sumP <= 0 || sumQ <= 0)
        {
            throw new ArgumentException("each distribution needs some weight");
        }

        double left = 0, right = 0;
        for (var i = 0; i < p.Count; i++)
        {
            double pi = p[i] / sumP, qi = q[i] / sumQ;
            var m = (pi + qi) / 2.0;
            left += RelativeEntropy(pi, m);
            right += RelativeEntropy(qi, m);
        }

        var divergence = left + right;
        if (logBase != Math.E)
        {
            divergence /= Math.Log(logBase);
        }

        // Rounding can leave a divergence of −1e−17 for identical inputs; that is 0.
        return Math.Sqrt(Math.Max(divergence, 0.0) / 2.0);
    }

    /// <summary>x·ln(x/y), 0 at x = 0 (SciPy's <c>rel_entr</c>; y &gt; 0 wherever x &gt; 0 here since y is the mixture).</summary>
    private static double RelativeEntropy(double x, double y) => x > 0 ? x * Math.Log(x / y) : 0.0;
}
