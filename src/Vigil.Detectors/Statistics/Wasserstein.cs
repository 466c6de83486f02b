namespace Vigil.Detectors.Statistics;

/// <summary>
/// The first Wasserstein (earth mover's) distance between two 1-D empirical distributions, as
/// <c>scipy.stats.wasserstein_distance</c> computes it: ∫ |U(t) − V(t)| dt over the pooled support, with optional
/// non-negative weights; and Evidently's normed variant for drift.
/// </summary>
public static class Wasserstein
{
    /// <summary>The smallest reference standard deviation <see cref="Normed"/> divides by (Evidently's floor).</summary>
    public const double MinimumStandardDeviation = 0.001;

    public static double Distance(IReadOnlyList<double> u, IReadOnlyList<double> v,
        IReadOnlyList<double>? uWeights = null, IReadOnlyList<double>? vWeights = null)
    {
        var uCdf = new WeightedCdf(u, uWeights, nameof(u));
        var vCdf = new WeightedCdf(v, vWeights, nameof(v));
        var all = u.Concat(v).ToArray();
        Array.Sort(all);
        var distance = 0.0;
        for (var i = 0; i < all.Length - 1; i++)
        {
            var delta = all[i + 1] - all[i];
            if (delta != 0)
            {
                distance += Math.Abs(uCdf.At(all[i]) - vCdf.At(all[i])) * delta;
            }
        }

        return distance;
    }

    /// <summary>
    /// Evidently's <c>wasserstein</c> drift score: W1(reference, current) divided by the reference's population
    /// standard deviation, at least <see cref="MinimumStandardDeviation"/>.
    /// </summary>
    public static double Normed(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var mean = reference.Average();
        var variance = reference.Sum(x => (x - mean) * (x - mean)) / reference.Count;
        return Distance(reference, current) / Math.Max(Math.Sqrt(variance), MinimumStandardDeviation);
    }

    /// <summary>The right-continuous CDF of a weighted sample: the weight share of values ≤ t.</summary>
    private sealed class WeightedCdf
    {
        private readonly double[] _values;
        private readonly double[] _cumulative;

        public WeightedCdf(IReadOnlyList<double> values, IReadOnlyList<double>? weights, string name)
        {
            ArgumentNullException.ThrowIfNull(values);
            if (values.Count == 0)
            {
                throw new ArgumentException($"{name} needs at least one value");
            }

            if (weights is not null && weights.Count != values.Count)
            {
                throw new ArgumentException($"{name}: one weight per value");
            }

            if (values.Any(x => !double.IsFinite(x)))
            {
                throw new ArgumentException($"{name} holds a value that is not finite");
            }

            var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
            _values = [.. order.Select(i => values[i])];
            _cumulative = new double[order.Length + 1];
            for (var k = 0; k < order.Length; k++)
            {
                var w = weights?[order[k]] ?? 1.0;
                if (w < 0 || !double.IsFinite(w))
                {
                    throw new ArgumentException($"{name}: weights must be finite and non-negative");
                }

                _cumulative[k + 1] = _cumulative[k] + w;
            }

            if (_cumulative[^1] <= 0)
            {
                throw new ArgumentException($"{name}: the weights sum to zero");
            }
        }

        public double At(double t)
        {
            // Count of values ≤ t (searchsorted 'right').
            int lo = 0, hi = _values.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_values[mid] <= t)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return _cumulative[lo] / _cumulative[^1];
        }
    }
}
