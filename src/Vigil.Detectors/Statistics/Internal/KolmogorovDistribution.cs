using MathNet.Numerics;

namespace Vigil.Detectors.Statistics.Internal;

/// <summary>
/// The two-sided one-sample Kolmogorov distribution of D_n, P(D_n ≥ x) (SciPy's <c>kstwo.sf</c>), with the
/// method chosen as Simard and L'Ecuyer (2011) choose it: Ruben–Gambino closed forms at the ends, the exact
/// one-sided Smirnov sum for x ≥ 0.5 and in the tail, the Durbin matrix (Marsaglia–Tsang–Wang) or Pomeranz's
/// recursion for small n·x², and the Pelz–Good expansion for large n.
/// </summary>
internal static class KolmogorovDistribution
{
    private const double PiSquared = Math.PI * Math.PI;
    private const double PiFour = PiSquared * PiSquared;
    private const double PiSix = PiFour * PiSquared;
    private const double MinLog = -708;

    private static readonly double Sqrt2Pi = Math.Sqrt(2 * Math.PI);
    private static readonly double Sqrt3 = Math.Sqrt(3);

    /// <summary>P(D_n ≥ x).</summary>
    public static double Sf(int n, double x)
    {
        if (n <= 0 || double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x >= 1.0)
        {
            return 0.0;
        }

        if (x <= 0.0)
        {
            return 1.0;
        }

        var t = n * x;
        if (t <= 1.0)
        {
            // Ruben–Gambino: P(D_n ≤ x) = n!/n^n · (2t − 1)^n for 1/(2n) ≤ x ≤ 1/n.
            if (t <= 0.5)
            {
                return 1.0;
            }

            double cdf;
            if (n <= 140)
            {
                cdf = 1.0;
                for (var i = 1; i <= n; i++)
                {
                    cdf *= i * (1.0 / n) * (2 * t - 1);
                }
            }
            else
            {
                cdf = Math.Exp(LogFactorialOverPower(n) + n * Math.Log(2 * t - 1));
            }

            return Clip(1.0 - cdf);
        }

        if (t >= n - 1)
        {
            return Clip(2 * Math.Pow(1.0 - x, n));
        }

        if (x >= 0.5)
        {
            return Clip(2 * Smirnov(n, x));
        }

        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693)
            {
                return Clip(1.0 - KolmogorovExact.Durbin(n, x));
            }

            return nxSquared <= 4 ? Clip(1.0 - KolmogorovExact.Pomeranz(n, x)) : Clip(2 * Smirnov(n, x));
        }

        if (nxSquared >= 370.0)
        {
            return 0.0;
        }

        if (nxSquared >= 2.2)
        {
            return Clip(2 * Smirnov(n, x));
        }

        var cdfLarge = n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4 ? KolmogorovExact.Durbin(n, x) : PelzGood(n, x);
        return Clip(1.0 - cdfLarge);
    }

    /// <summary>
    /// The exact one-sided Smirnov tail P(D_n⁺ ≥ x) by the Birnbaum–Tingey sum
    /// x · Σ_{j ≤ n(1−x)} C(n, j) (x + j/n)^(j−1) (1 − x − j/n)^(n−j); every term is positive.
    /// </summary>
    public static double Smirnov(int n, double x)
    {
        if (x <= 0)
        {
            return 1.0;
        }

        if (x >= 1)
        {
            return 0.0;
        }

        var last = (int)Math.Floor(n * (1.0 - x));
        var sum = 0.0;
        if (n < 1013)
        {
            var c = 1.0;
            for (var j = 0; j <= last; j++)
            {
                var e = x + (double)j / n;
                sum += c * Math.Pow(e, j - 1) * Math.Pow(1.0 - e, n - j);
                c *= (double)(n - j) / (j + 1);
            }
        }
        else
        {
            var logNFactorial = SpecialFunctions.GammaLn(n + 1);
            for (var j = 0; j <= last; j++)
            {
                var e = x + (double)j / n;
                var rest = 1.0 - e;
                if (rest > 0)
                {
                    var log = logNFactorial - SpecialFunctions.GammaLn(j + 1) - SpecialFunctions.GammaLn(n - j + 1) + (j - 1) * Math.Log(e) + (n - j) * Math.Log(rest);
                    if (log > MinLog)
                    {
                        sum += Math.Exp(log);
                    }
                }
            }
        }

        return sum * x;
    }

    /// <summary>log(n!/n^n) by Stirling's series with n·log n removed up front (no cancellation).</summary>
    internal static double LogFactorialOverPower(int n)
    {
        // B_2j / (2j(2j−1)) for j = 8 … 1, highest first (Horner order).
        ReadOnlySpan<double> stirling =
        [
            -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
            -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
        ];
        var rn = 1.0 / n;
        var rn2 = rn / n;
        var poly = 0.0;
        foreach (var c in stirling)
        {
            poly = poly * rn2 + c;
        }

        return Math.Log(n) / 2 - n + Math.Log(2 * Math.PI) / 2 + rn * poly;
    }

    /// <summary>The Pelz–Good (1976) approximation of P(D_n ≤ x): Li-Chien/Korolyuk's expansion in 1/√n, rewritten for small z.</summary>
    private static double PelzGood(int n, double x)
    {
        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        var qLog = -PiSquared / 8 / z2;
        if (qLog < MinLog)
        {
            return 0.0;
        }

        var q = Math.Exp(qLog);
        double k1a = -z2, k1b = PiSquared / 4;
        double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * PiSquared / 4, k2c = PiFour * (1 - 2 * z2) / 16;
        double k3d = PiSix * (5 - 30 * z2) / 64, k3c = PiFour * (-60 * z2 + 212 * z4) / 16;
        double k3b = PiSquared * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * Math.Pow(z, 8);

        // Σ over odd m = 2k − 1 of c_m · q^(m²), by Horner in q^(8k).
        Span<double> k = stackalloc double[4];
        var maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (var i = maxK; i > 0; i--)
        {
            double m = 2 * i - 1, m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
            var qPower = Math.Pow(q, 8 * i);
            k[0] = k[0] * qPower + 1.0;
            k[1] = k[1] * qPower + (k1a + k1b * m2);
            k[2] = k[2] * qPower + (k2a + k2b * m2 + k2c * m4);
            k[3] = k[3] * qPower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
        }

        ReadOnlySpan<double> divisors = [z, 6 * z4, 72 * Math.Pow(z, 7), 6480 * Math.Pow(z, 10)];
        for (var i = 0; i < 4; i++)
        {
            k[i] = k[i] * q * Sqrt2Pi / divisors[i];
        }

        // The terms over all integers: K2 gets π²k² q^(k²), K3 gets (3π²k²z² − π⁴k⁴) q^(k²).
        var qAll = Math.Exp(-PiSquared / 2 / z2);
        double k2Extra = 0, k3Extra = 0;
        var sqrt3z = Sqrt3 * z;
        for (var i = maxK; i > 0; i--)
        {
            double i2 = (double)i * i, power = Math.Pow(qAll, i2), kPi = Math.PI * i;
            k2Extra += i2 * power;
            k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * i2 * power;
        }

        k[2] += k2Extra * PiSquared * Sqrt2Pi / (-36 * z3);
        k[3] += k3Extra * PiSquared * Sqrt2Pi / (216 * z6);
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            sum += k[i] / Math.Pow(n, i / 2.0);
        }

        return sum;
    }

    private static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);
}
