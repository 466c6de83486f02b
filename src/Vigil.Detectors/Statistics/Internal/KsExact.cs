namespace Vigil.Detectors.Statistics.Internal;

/// <summary>
/// Exact p-values of the two-sample KS statistic by counting lattice paths from (0, 0) to (n1, n2)
/// (Hodges 1958, after Drion, Gnedenko and Korolyuk), following the same case split as SciPy's
/// <c>ks_2samp</c>: equal sizes in closed form, unequal two-sided by Viehmann's recursion for 1 − p
/// (arXiv:2102.08037), unequal one-sided by counting the paths that cross the boundary.
/// A computation that overflows reports failure and the caller uses the asymptotic distribution.
/// </summary>
internal static class KsExact
{
    public static bool TryPValue(int n1, int n2, int g, double d, KsAlternative alternative, out double roundedD, out double p)
    {
        // D is a multiple of 1/lcm(n1, n2); round it onto that grid first.
        var lcm = (long)(n1 / g) * n2;
        var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        roundedD = h * 1.0 / lcm;
        p = 1.0;
        if (h == 0)
        {
            return true;
        }

        if (alternative == KsAlternative.TwoSided)
        {
            p = n1 == n2 ? OutsideSquare(n1, (int)h) : OuterInside(n1, n2, g, h);
        }
        else if (n1 == n2)
        {
            // binom(2n, n−h) / binom(2n, n), as a product to avoid the rounding of large binomials.
            p = 1.0;
            for (var j = 0; j < h; j++)
            {
                p *= (n1 - j) / (n1 + j + 1.0);
            }
        }
        else
        {
            // All paths first: when their number overflows, so would the count (and it would take O(n³) to find out).
            var all = Binomial.Of(n1 + n2, n1);
            var paths = double.IsFinite(all) ? PathsOutside(n1, n2, g, h) : double.NaN;
            if (!double.IsFinite(all) || !double.IsFinite(paths) || paths > all)
            {
                p = double.NaN;
                return false;
            }

            p = paths / all;
        }

        return p is >= 0 and <= 1;
    }

    /// <summary>P(D ≥ h/n) for two samples of size n: 2·(A0 − A0·A1 + …) by a Horner-like scheme, no cancellation.</summary>
    private static double OutsideSquare(int n, int h)
    {
        var total = 0.0;
        for (var k = n / h; k >= 0; k--)
        {
            var term = 1.0;
            for (var j = 0; j < h; j++)
            {
                term = (n - k * h - j) * term / (n + k * h + j + 1);
            }

            total = term * (1.0 - total);
        }

        return 2 * total;
    }

    /// <summary>
    /// The share of lattice paths that leave the band |x/m − y/n| &lt; h/lcm, computed directly as 1 − share inside
    /// (each column of the path-count matrix normalised by the binomial so far, so nothing overflows).
    /// </summary>
    private static double OuterInside(int m, int n, int g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }

        long mg = m / g, ng = n / g;
        var minJ = 0;
        var maxJ = (int)Math.Min((long)Math.Ceiling(h / (double)mg), n + 1);
        var currentLength = maxJ - minJ;
        var column = new double[Math.Min(2 * maxJ + 2, n + 1)];
        Array.Fill(column, 1.0);
        Array.Fill(column, 0.0, minJ, maxJ - minJ);
        for (var i = 1; i <= m; i++)
        {
            int lastMinJ = minJ, lastLength = currentLength;
            minJ = (int)Math.Min(Math.Max((long)Math.Floor((ng * i - h) / (double)mg) + 1, 0), n);
            maxJ = (int)Math.Min((long)Math.Ceiling((ng * i + h) / (double)mg), n + 1);
            if (maxJ <= minJ)
            {
                return 1.0;
            }

            var value = minJ == 0 ? 0.0 : 1.0;
            for (var jj = 0; jj < maxJ - minJ; jj++)
            {
                var j = jj + minJ;
                value = (column[jj + minJ - lastMinJ] * i + value * j) / (i + j);
                column[jj] = value;
            }

            currentLength = maxJ - minJ;
            if (lastLength > currentLength)
            {
                Array.Fill(column, 1.0, maxJ - minJ, Math.Min(lastLength - currentLength, column.Length - (maxJ - minJ)));
            }
        }

        return column[maxJ - minJ - 1];
    }

    /// <summary>The number of lattice paths to (m, n) that touch m·y ≤ n·x − h·g at some point (one-sided, m ≥ n after swapping).</summary>
    private static double PathsOutside(int m, int n, int g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }

        long mg = m / g, ng = n / g;
        // Python's floor division: (mg − h) // mg.
        var count = (int)(n + FloorDiv(mg - h, mg));
        if (count <= 0)
        {
            return Binomial.Of(m + n, n);
        }

        var xj = new long[count];
        for (var j = 0; j < count; j++)
        {
            xj[j] = FloorDiv(h + mg * j + ng - 1, ng);
        }

        // B[j]: paths to the j-th first-crossing point that have not crossed before.
        var b = new double[count];
        b[0] = 1;
        for (var j = 1; j < count; j++)
        {
            var bj = Binomial.Of((int)(xj[j] + j), j);
            for (var i = 0; i < j; i++)
            {
                bj -= Binomial.Of((int)(xj[j] - xj[i] + j - i), j - i) * b[i];
            }

            if (!double.IsFinite(bj))
            {
                return double.NaN;
            }

            b[j] = bj;
        }

        var paths = 0.0;
        for (var j = 0; j < count; j++)
        {
            paths += b[j] * Binomial.Of((int)(m - xj[j] + (n - j)), n - j);
        }

        return paths;
    }

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return a % b != 0 && (a < 0) != (b < 0) ? q - 1 : q;
    }
}
