namespace Vigil.Detectors.Statistics.Internal;

/// <summary>The two exact algorithms for P(D_n ≤ d) that <see cref="KolmogorovDistribution"/> uses for small n·d².</summary>
internal static class KolmogorovExact
{
    private const int Exponent128 = 128;
    private static readonly double Plus128 = Math.ScaleB(1.0, Exponent128);
    private static readonly double Minus128 = Math.ScaleB(1.0, -Exponent128);

    /// <summary>
    /// Durbin's matrix algorithm as Marsaglia, Tsang and Wang (2003) evaluate it: write d = (k − h)/n, build the
    /// (2k−1)² matrix H and take the k-th diagonal entry of (n!/n^n)·Hⁿ, rescaling by 2^128 to stay in range.
    /// </summary>
    public static double Durbin(int n, double d)
    {
        if (d >= 1.0)
        {
            return 1.0;
        }

        var nd = n * d;
        if (nd <= 0.5)
        {
            return 0.0;
        }

        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = 2 * k - 1;
        var v = new double[m];
        var w = new double[m];
        var factorial = 1.0;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = factorial;
            factorial /= j;
            v[j - 1] = (1.0 - Math.Pow(h, j)) * factorial;
        }

        var tail = Math.Pow(Math.Max(2 * h - 1.0, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1.0 + tail) * factorial;

        var matrix = new double[m, m];
        for (var i = 1; i < m; i++)
        {
            for (var row = i - 1; row < m; row++)
            {
                matrix[row, i] = w[row - i + 1];
            }
        }

        for (var row = 0; row < m; row++)
        {
            matrix[row, 0] = v[row];
        }

        for (var col = 0; col < m; col++)
        {
            matrix[m - 1, col] = v[m - 1 - col];
        }

        var power = Identity(m);
        var remaining = n;
        int exponent = 0, matrixExponent = 0;
        while (remaining > 0)
        {
            if (remaining % 2 == 1)
            {
                power = Multiply(power, matrix);
                exponent += matrixExponent;
            }

            matrix = Multiply(matrix, matrix);
            matrixExponent *= 2;
            if (Math.Abs(matrix[k - 1, k - 1]) > Plus128)
            {
                Scale(matrix, Minus128);
                matrixExponent += Exponent128;
            }

            remaining /= 2;
        }

        var p = power[k - 1, k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < Minus128)
            {
                p *= Plus128;
                exponent -= Exponent128;
            }
        }

        if (exponent != 0)
        {
            p = Math.ScaleB(p, exponent);
        }

        return Math.Clamp(p, 0.0, 1.0);
    }

    /// <summary>
    /// Pomeranz's (1974) recursion: 2n + 1 rows, each the convolution of the previous one with one of three
    /// Poisson-like weight sequences; only a window of each row is non-zero; n!·V[2n+1] is the probability.
    /// </summary>
    public static double Pomeranz(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = t - ll;
        var g = Math.Min(f, 1.0 - f);
        var ceilF = f > 0 ? 1 : 0;
        var roundF = f > 0.5 ? 1 : 0;
        var powers = 2 * (ll + 1);
        var gPower = new double[powers];
        var twoGPower = new double[powers];
        var oneMinusTwoGPower = new double[powers];
        gPower[0] = twoGPower[0] = oneMinusTwoGPower[0] = 1.0;
        double gOverN = g / n, twoGOverN = 2 * g / n, oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (var i = 1; i < powers; i++)
        {
            gPower[i] = gPower[i - 1] * gOverN / i;
            twoGPower[i] = twoGPower[i - 1] * twoGOverN / i;
            oneMinusTwoGPower[i] = oneMinusTwoGPower[i - 1] * oneMinusTwoGOverN / i;
        }

        var v0 = new double[powers];
        var v1 = new double[powers];
        v1[0] = 1;
        int v0Start = 0, v1Start = 0, exponent = 0;
        var (j1, j2) = Window(0, n, ll, ceilF, roundF);
        var conv = new double[2 * powers];
        for (var i = 1; i < 2 * n + 2; i++)
        {
            var k1 = j1;
            (v0, v1) = (v1, v0);
            (v0Start, v1Start) = (v1Start, v0Start);
            Array.Clear(v1);
            (j1, j2) = Window(i, n, ll, ceilF, roundF);
            var weights = i == 1 || i == 2 * n + 1 ? gPower : i % 2 == 1 ? twoGPower : oneMinusTwoGPower;
            var length = j2 - k1 + 1;
            if (length <= 0)
            {
                continue;
            }

            // Full convolution of V0[k1 − V0s ..][..length] with weights[..length] (slices clipped at the end, as NumPy clips them).
            var from = k1 - v0Start;
            var aLength = Math.Min(length, powers - from);
            var bLength = Math.Min(length, powers);
            var convLength = aLength + bLength - 1;
            Array.Clear(conv, 0, convLength);
            for (var a = 0; a < aLength; a++)
            {
                var value = v0[from + a];
                for (var b = 0; b < bLength; b++)
                {
                    conv[a + b] += value * weights[b];
                }
            }

            var convStart = j1 - k1;
            var take = j2 - j1 + 1;
            var max = 0.0;
            for (var c = 0; c < take; c++)
            {
                v1[c] = conv[convStart + c];
                max = Math.Max(max, v1[c]);
            }

            if (max > 0 && max < Minus128)
            {
                for (var c = 0; c < powers; c++)
                {
                    v1[c] *= Plus128;
                }

                exponent -= Exponent128;
            }

            v1Start = v0Start + j1 - k1;
        }

        var answer = v1[n - v1Start];
        for (var i = 1; i <= n; i++)
        {
            if (Math.Abs(answer) > Plus128)
            {
                answer *= Minus128;
                exponent += Exponent128;
            }

            answer *= i;
        }

        if (exponent != 0)
        {
            answer = Math.ScaleB(answer, exponent);
        }

        return Math.Clamp(answer, 0.0, 1.0);
    }

    private static (int J1, int J2) Window(int i, int n, int ll, int ceilF, int roundF)
    {
        int j1, j2;
        if (i == 0)
        {
            (j1, j2) = (-ll - ceilF - 1, ll + ceilF - 1);
        }
        else
        {
            var half = (i + 1) / 2;
            if ((i + 1) % 2 == 0)
            {
                (j1, j2) = half == n + 1
                    ? (n - ll - ceilF - 1, n + ll + ceilF - 1)
                    : (half - 1 - ll - roundF - 1, half + ll - 1 + ceilF - 1);
            }
            else
            {
                (j1, j2) = (half - 1 - ll - 1, half + ll + roundF - 1);
            }
        }

        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    private static double[,] Identity(int m)
    {
        var identity = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            identity[i, i] = 1;
        }

        return identity;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var m = a.GetLength(0);
        var result = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            for (var k = 0; k < m; k++)
            {
                var aik = a[i, k];
                if (aik == 0)
                {
                    continue;
                }

                for (var j = 0; j < m; j++)
                {
                    result[i, j] += aik * b[k, j];
                }
            }
        }

        return result;
    }

    private static void Scale(double[,] matrix, double factor)
    {
        var m = matrix.GetLength(0);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                matrix[i, j] *= factor;
            }
        }
    }
}
