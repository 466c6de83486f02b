using System.Globalization;
using Vigil.Detectors.Statistics;
using Vigil.Detectors.Statistics.Internal;

namespace Vigil.Detectors.Drift.Internal;

/// <summary>A test's outcome on one column, before the threshold is applied.</summary>
internal sealed record TestOutcome(double Statistic, double? PValue, double? Distance, string? Detail = null);

/// <summary>Runs one drift test on the two samples of a column.</summary>
internal static class ColumnTestRunner
{
    /// <summary>Equal-width bins of the Jensen–Shannon distance over numbers (Evidently's n_bins).</summary>
    public const int JensenShannonBins = 30;

    public static TestOutcome Run(DriftTest test, ColumnKind kind, ColumnSample reference, ColumnSample current,
        DriftOptions options, ITextEmbedder? embedder, CancellationToken cancellationToken)
    {
        var name = DriftTests.Name(test);
        var numeric = kind == ColumnKind.Numeric;
        switch (test)
        {
            case DriftTest.Ks:
            {
                var ks = KolmogorovSmirnov.TwoSample(reference.Numbers(name), current.Numbers(name));
                return new TestOutcome(ks.Statistic, ks.PValue, null, ks.Method == KsMethod.Exact ? "exact p-value" : "asymptotic p-value");
            }

            case DriftTest.Wasserstein:
            {
                var normed = Wasserstein.Normed(reference.Numbers(name), current.Numbers(name));
                return new TestOutcome(normed, null, normed, "W1 divided by the reference standard deviation (at least 0.001)");
            }

            case DriftTest.Psi:
            {
                double psi;
                if (numeric)
                {
                    psi = PopulationStability.Numeric(reference.Numbers(name), current.Numbers(name));
                }
                else
                {
                    var (r, c) = Counts(reference, current);
                    psi = PopulationStability.Categorical(r, c);
                }

                return new TestOutcome(psi, null, psi, numeric ? "bins at the reference deciles" : "one bin per category");
            }

            case DriftTest.JensenShannon:
            {
                double[] p, q;
                if (numeric)
                {
                    (p, q) = Binning.EqualWidthCounts(reference.Numbers(name), current.Numbers(name), JensenShannonBins);
                }
                else
                {
                    var (r, c) = Counts(reference, current);
                    var keys = r.Keys.Union(c.Keys).ToList();
                    p = [.. keys.Select(k => (double)r.GetValueOrDefault(k))];
                    q = [.. keys.Select(k => (double)c.GetValueOrDefault(k))];
                }

                var js = JensenShannon.Distance(p, q);
                return new TestOutcome(js, null, js, numeric ? $"{JensenShannonBins} equal-width bins, natural log" : "one bin per category, natural log");
            }

            case DriftTest.ChiSquared:
            {
                var (r, c) = Counts(reference, current);
                var chi = ChiSquaredTests.Homogeneity(r, c);
                return new TestOutcome(chi.Statistic, chi.PValue, null, $"homogeneity of the 2 × {chi.DegreesOfFreedom + 1} table, {chi.DegreesOfFreedom} degrees of freedom");
            }

            case DriftTest.ChiSquaredGoodnessOfFit:
            {
                var (r, c) = Counts(reference, current);
                var chi = ChiSquaredTests.DriftTest(r, c);
                return new TestOutcome(chi.Statistic, chi.PValue, null, $"goodness of fit to the reference proportions, {chi.DegreesOfFreedom} degrees of freedom");
            }

            case DriftTest.ZTest:
                return ZTest(reference, current);

            case DriftTest.Mmd:
                return Mmd(reference, current, options, embedder ?? throw new InvalidOperationException("text needs an embedder"), cancellationToken);

            default:
                throw new ArgumentOutOfRangeException(nameof(test), test, "no test chosen");
        }
    }

    private static TestOutcome ZTest(ColumnSample reference, ColumnSample current)
    {
        var (r, c) = Counts(reference, current);
        var keys = r.Keys.Union(c.Keys).Order(StringComparer.Ordinal).ToList();
        if (keys.Count > 2)
        {
            throw new DriftConfigurationException(
                $"column '{reference.Column}' has {keys.Count} distinct values; the z-test compares the shares of two (use chi2, js or psi)");
        }

        // The share of the first value (ordinal order) in each sample; with one value only there is nothing to compare.
        var z = ProportionZTest.TwoSample(r.GetValueOrDefault(keys[0]), reference.Count, c.GetValueOrDefault(keys[0]), current.Count);
        return new TestOutcome(z.Statistic, z.PValue, null, $"share of '{keys[0]}'");
    }

    private static TestOutcome Mmd(ColumnSample reference, ColumnSample current, DriftOptions options, ITextEmbedder embedder, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed);
        var r = Sample(reference.Values, options.MaxTextSample, options.MaxTextLength, random);
        var c = Sample(current.Values, options.MaxTextSample, options.MaxTextLength, random);
        var x = Embed(embedder, r, reference.Column, cancellationToken);
        var y = Embed(embedder, c, reference.Column, cancellationToken);
        var mmd = MaximumMeanDiscrepancy.PermutationTest(x, y, options.Permutations, options.Seed, cancellationToken);
        var sampled = r.Count < reference.Count || c.Count < current.Count
            ? string.Create(CultureInfo.InvariantCulture, $", on a random {r.Count} reference and {c.Count} current values")
            : "";
        return new TestOutcome(mmd.Mmd2, mmd.PValue, null,
            string.Create(CultureInfo.InvariantCulture, $"MMD² of sentence embeddings (first {options.MaxTextLength} characters), RBF σ = {mmd.Bandwidth:0.###} (median heuristic), {mmd.Permutations} permutations{sampled}"));
    }

    private static float[][] Embed(ITextEmbedder embedder, List<string> texts, string column, CancellationToken cancellationToken)
    {
        var vectors = embedder.Embed(texts, cancellationToken);
        if (vectors.Length != texts.Count || vectors.Any(v => v.Length == 0 || v.Length != vectors[0].Length))
        {
            throw new InvalidOperationException($"column '{column}': the embedder returned {vectors.Length} vectors for {texts.Count} texts, or vectors of different lengths");
        }

        return vectors;
    }

    /// <summary>At most <paramref name="max"/> values, chosen at random without replacement, in their original order, each cut to <paramref name="length"/> characters.</summary>
    private static List<string> Sample(IReadOnlyList<string> values, int max, int length, Random random)
    {
        IEnumerable<int> indices = Enumerable.Range(0, values.Count);
        if (values.Count > max)
        {
            var shuffled = indices.ToArray();
            random.Shuffle(shuffled);
            indices = shuffled.Take(max).Order();
        }

        return [.. indices.Select(i => values[i].Length <= length ? values[i] : values[i][..length])];
    }

    /// <summary>Category counts of both samples; when every value of both is a number, keyed by the number (1 and 1.0 agree).</summary>
    public static (Dictionary<string, int> Reference, Dictionary<string, int> Current) Counts(ColumnSample reference, ColumnSample current)
    {
        var numeric = reference.Values.Concat(current.Values).All(v => ColumnKinds.TryNumber(v, out _));
        return (reference.Counts(numeric), current.Counts(numeric));
    }
}
