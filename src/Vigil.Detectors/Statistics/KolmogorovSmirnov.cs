using Vigil.Detectors.Statistics.Internal;

namespace Vigil.Detectors.Statistics;

/// <summary>The alternative hypothesis of a two-sample KS test, in SciPy's terms.</summary>
public enum KsAlternative
{
    /// <summary>The two distributions differ: D = sup |F1 − F2|.</summary>
    TwoSided,

    /// <summary>F1 lies above F2 somewhere: D = sup (F1 − F2).</summary>
    Greater,

    /// <summary>F1 lies below F2 somewhere: D = sup (F2 − F1).</summary>
    Less,
}

/// <summary>How the p-value is computed.</summary>
public enum KsMethod
{
    /// <summary>SciPy's <c>method='auto'</c>: exact when both samples have at most 10,000 values, asymptotic otherwise.</summary>
    Auto,

    /// <summary>The exact distribution (falls back to asymptotic when it overflows, as SciPy does).</summary>
    Exact,

    /// <summary>Kolmogorov's distribution for the effective size (two-sided) or Hodges' approximation (one-sided).</summary>
    Asymptotic,
}

/// <summary>A two-sample KS result: the statistic, its p-value and the method that produced the p-value.</summary>
public sealed record KsResult(double Statistic, double PValue, KsMethod Method);

/// <summary>
/// The two-sample Kolmogorov–Smirnov test, computed as <c>scipy.stats.ks_2samp</c> computes it (SciPy 1.10
/// and later): the statistic from right-continuous empirical CDFs (ties handled), exact p-values by lattice-path
/// counting (Hodges; Viehmann's recursion for the two-sided unequal-size case) and, for large samples,
/// Kolmogorov's two-sided distribution for n = round(n1·n2/(n1+n2)) (Simard and L'Ecuyer's method
/// selection) or Hodges' one-sided approximation.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>Above this size of either sample <see cref="KsMethod.Auto"/> uses the asymptotic distribution.</summary>
    public const int MaxExactSize = 10_000;

    public static KsResult TwoSample(IReadOnlyList<double> x, IReadOnlyList<double> y,
        KsAlternative alternative = KsAlternative.TwoSided, KsMethod method = KsMethod.Auto)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || y.Count == 0)
        {
            throw new ArgumentException("both samples need at least one value");
        }

        if (x.Any(double.IsNaN) || y.Any(double.IsNaN))
        {
            throw new ArgumentException("the samples contain NaN");
        }

        var (maxS, minS) = Extremes(x, y);
        var d = alternative == KsAlternative.Less || (alternative == KsAlternative.TwoSided && minS > maxS) ? minS : maxS;
        int n1 = x.Count, n2 = y.Count;
        var g = Gcd(n1, n2);
        if (method == KsMethod.Auto)
        {
            method = Math.Max(n1, n2) <= MaxExactSize ? KsMethod.Exact : KsMethod.Asymptotic;
        }
        else if (method == KsMethod.Exact && n1 / g >= int.MaxValue / (double)(n2 / g))
        {
            method = KsMethod.Asymptotic;
        }

        if (method == KsMethod.Exact)
        {
            if (KsExact.TryPValue(n1, n2, g, d, alternative, out var exactD, out var p))
            {
                return new KsResult(exactD, Math.Clamp(p, 0, 1), KsMethod.Exact);
            }

            d = exactD;
        }

        return new KsResult(d, Math.Clamp(Asymptotic(n1, n2, d, alternative), 0, 1), KsMethod.Asymptotic);
    }

    /// <summary>max (F1 − F2) and max (F2 − F1) (clipped to [0, 1]) over the pooled values.</summary>
    private static (double Max, double Min) Extremes(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var a = x.ToArray();
        var b = y.ToArray();
        Array.Sort(a);
        Array.Sort(b);
        int n1 = a.Length, n2 = b.Length;
        double max = double.NegativeInfinity, min = double.PositiveInfinity;
        int i = 0, j = 0;
        while (i < n1 || j < n2)
        {
            // The next distinct pooled value; both CDFs count every value up to and including it.
            var v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
            while (i < n1 && a[i] <= v)
            {
                i++;
            }

            while (j < n2 && b[j] <= v)
            {
                j++;
            }

            var diff = (double)i / n1 - (double)j / n2;
            max = Math.Max(max, diff);
            min = Math.Min(min, diff);
        }

        return (max, Math.Clamp(-min, 0, 1));
    }

    private static double Asymptotic(int n1, int n2, double d, KsAlternative alternative)
    {
        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = m * n / (m + n);
        if (alternative == KsAlternative.TwoSided)
        {
            return KolmogorovDistribution.Sf((int)Math.Round(en, MidpointRounding.ToEven), d);
        }

        // Hodges (1958), eq. 5.3; m is the larger sample.
        var z = Math.Sqrt(en) * d;
        var exponent = -2 * z * z - 2 * z * (m + 2 * n) / Math.Sqrt(m * n * (m + n)) / 3.0;
        return Math.Exp(exponent);
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
