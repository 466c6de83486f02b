using Vigil.Detectors.Statistics.Internal;

namespace Vigil.Detectors.Statistics;

/// <summary>
/// The population stability index PSI = Σ (cᵢ − rᵢ)·ln(cᵢ / rᵢ) over bins fixed on the reference
/// (= KL(c‖r) + KL(r‖c)); &lt; 0.1 stable, 0.1–0.25 moderate, &gt; 0.25 major shift.
/// Numbers are binned at the reference deciles; categories are their own bins.
/// Smoothing: a bin with no values on one side would make the index infinite, so after normalising to
/// proportions a proportion of 0 is replaced by <see cref="ZeroBinProportion"/> (0.0001, Evidently's
/// convention; the other proportions are not renormalised).
/// </summary>
public static class PopulationStability
{
    /// <summary>What an empty bin's proportion becomes.</summary>
    public const double ZeroBinProportion = 0.0001;

    /// <summary>The number of reference-quantile bins for numbers (deciles).</summary>
    public const int DefaultBins = 10;

    /// <summary>PSI of two weight vectors over the same bins (normalised to proportions, then smoothed).</summary>
    public static double Index(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count != current.Count || reference.Count == 0)
        {
            throw new ArgumentException("reference and current need the same, non-zero number of bins");
        }

        double sumR = reference.Sum(), sumC = current.Sum();
        if (sumR <= 0 || sumC <= 0 || reference.Any(x => x < 0) || current.Any(x => x < 0))
        {
            throw new ArgumentException("bins need non-negative weights and some weight on each side");
        }

        var psi = 0.0;
        for (var i = 0; i < reference.Count; i++)
        {
            var r = Smooth(reference[i] / sumR);
            var c = Smooth(current[i] / sumC);
            psi += (c - r) * Math.Log(c / r);
        }

        return psi;
    }

    /// <summary>PSI of two numeric samples over bins cut at the reference's quantiles (deciles by default).</summary>
    public static double Numeric(IReadOnlyList<double> reference, IReadOnlyList<double> current, int bins = DefaultBins)
    {
        var edges = Binning.QuantileEdges(reference, bins);
        return Index(Binning.Count(reference, edges), Binning.Count(current, edges));
    }

    /// <summary>PSI of two categorical samples given as counts per category (the union of categories are the bins).</summary>
    public static double Categorical<TCategory>(IReadOnlyDictionary<TCategory, int> reference, IReadOnlyDictionary<TCategory, int> current)
        where TCategory : notnull
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var keys = reference.Keys.Union(current.Keys).ToList();
        return Index([.. keys.Select(k => (double)reference.GetValueOrDefault(k))], [.. keys.Select(k => (double)current.GetValueOrDefault(k))]);
    }

    private static double Smooth(double proportion) => proportion == 0 ? ZeroBinProportion : proportion;
}
