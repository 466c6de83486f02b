namespace Vigil.Detectors.Statistics;

/// <summary>An MMD permutation test result: the unbiased MMD² of the two samples, its p-value, and the kernel bandwidth σ.</summary>
public sealed record MmdResult(double Mmd2, double PValue, double Bandwidth, int Permutations);

/// <summary>
/// The maximum mean discrepancy between two samples of vectors (e.g. sentence embeddings), as Alibi Detect's
/// MMD drift detector computes it: Gaussian RBF kernel k(a, b) = exp(−‖a − b‖² / (2σ²)) with σ from the median
/// heuristic (σ² = median of the pooled pairwise squared distances / 2, computed once on the pooled sample),
/// the unbiased estimate of MMD², and a permutation test: the p-value is (1 + #{permuted MMD² ≥ observed}) / (1 + P)
/// over P seeded random relabellings of the pooled sample, so it is never 0 and the same seed gives the same answer.
/// </summary>
public static class MaximumMeanDiscrepancy
{
    /// <summary>The default number of permutations.</summary>
    public const int DefaultPermutations = 500;

    public static MmdResult PermutationTest(IReadOnlyList<float[]> x, IReadOnlyList<float[]> y,
        int permutations = DefaultPermutations, int seed = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count < 2 || y.Count < 2)
        {
            throw new ArgumentException("each sample needs at least two vectors");
        }

        if (permutations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permutations), "at least one permutation");
        }

        var pooled = x.Concat(y).ToArray();
        var dimensions = pooled[0].Length;
        if (pooled.Any(v => v.Length != dimensions))
        {
            throw new ArgumentException("all vectors need the same length");
        }

        var kernel = Kernel(pooled, out var sigma, cancellationToken);
        var labels = new bool[pooled.Length];
        for (var i = 0; i < x.Count; i++)
        {
            labels[i] = true;
        }

        var observed = Mmd2(kernel, labels, x.Count, y.Count);
        var random = new Random(seed);
        var atLeast = 0;
        for (var p = 0; p < permutations; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            random.Shuffle(labels);
            if (Mmd2(kernel, labels, x.Count, y.Count) >= observed)
            {
                atLeast++;
            }
        }

        return new MmdResult(observed, (1.0 + atLeast) / (1.0 + permutations), sigma, permutations);
    }

    /// <summary>The pooled kernel matrix; σ by the median heuristic (1 when every vector is the same).</summary>
    private static double[][] Kernel(float[][] pooled, out double sigma, CancellationToken cancellationToken)
    {
        var n = pooled.Length;
        var squared = new double[n][];
        var upper = new double[n * (n - 1) / 2];
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            squared[i] = new double[n];
            for (var j = 0; j < i; j++)
            {
                squared[i][j] = squared[j][i];
            }

            for (var j = i + 1; j < n; j++)
            {
                var d = SquaredDistance(pooled[i], pooled[j]);
                squared[i][j] = d;
                upper[k++] = d;
            }
        }

        Array.Sort(upper);
        var median = upper.Length % 2 == 1 ? upper[upper.Length / 2] : (upper[upper.Length / 2 - 1] + upper[upper.Length / 2]) / 2;
        var twoSigmaSquared = median > 0 ? median : 2.0;
        sigma = Math.Sqrt(twoSigmaSquared / 2);
        foreach (var row in squared)
        {
            for (var j = 0; j < n; j++)
            {
                row[j] = Math.Exp(-row[j] / twoSigmaSquared);
            }
        }

        return squared;
    }

    /// <summary>Unbiased MMD² = mean k(x, x') + mean k(y, y') − 2 mean k(x, y), the first two over distinct pairs.</summary>
    private static double Mmd2(double[][] kernel, bool[] inX, int nx, int ny)
    {
        double xx = 0, yy = 0, xy = 0;
        for (var i = 0; i < kernel.Length; i++)
        {
            var row = kernel[i];
            var iInX = inX[i];
            for (var j = i + 1; j < row.Length; j++)
            {
                if (iInX == inX[j])
                {
                    if (iInX)
                    {
                        xx += row[j];
                    }
                    else
                    {
                        yy += row[j];
                    }
                }
                else
                {
                    xy += row[j];
                }
            }
        }

        return 2 * xx / ((double)nx * (nx - 1)) + 2 * yy / ((double)ny * (ny - 1)) - 2 * xy / ((double)nx * ny);
    }

    private static double SquaredDistance(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }
}
