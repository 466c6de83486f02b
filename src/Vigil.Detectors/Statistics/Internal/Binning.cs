namespace Vigil.Detectors.Statistics.Internal;

/// <summary>Bin edges and counts for the distance measures over numbers (PSI, Jensen–Shannon).</summary>
internal static class Binning
{
    /// <summary>
    /// The distinct interior cut points at the quantiles 1/bins … (bins−1)/bins of the sample (linear interpolation
    /// between order statistics, NumPy's default). With them, bin i holds the values in (edge[i−1], edge[i]], the
    /// first bin everything up to edge[0], the last everything above the last edge.
    /// </summary>
    public static double[] QuantileEdges(IReadOnlyList<double> sample, int bins)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Count == 0 || bins < 2)
        {
            throw new ArgumentException("quantile bins need a non-empty sample and at least two bins");
        }

        var sorted = sample.ToArray();
        Array.Sort(sorted);
        var edges = new List<double>(bins - 1);
        for (var i = 1; i < bins; i++)
        {
            var edge = Quantile(sorted, (double)i / bins);
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        return [.. edges];
    }

    /// <summary>Counts per bin for <see cref="QuantileEdges"/>: edges.Length + 1 bins, right-closed.</summary>
    public static double[] Count(IReadOnlyList<double> sample, double[] edges)
    {
        var counts = new double[edges.Length + 1];
        foreach (var x in sample)
        {
            // The first edge ≥ x closes x's bin.
            var index = Array.BinarySearch(edges, x);
            counts[index >= 0 ? index : ~index]++;
        }

        return counts;
    }

    /// <summary>
    /// Counts of both samples in <paramref name="bins"/> equal-width bins over their pooled range (NumPy's
    /// <c>histogram_bin_edges(pooled, bins)</c>: a constant sample gets the range ±0.5; the last bin is closed).
    /// </summary>
    public static (double[] First, double[] Second) EqualWidthCounts(IReadOnlyList<double> first, IReadOnlyList<double> second, int bins)
    {
        double min = Math.Min(first.Min(), second.Min()), max = Math.Max(first.Max(), second.Max());
        if (min == max)
        {
            (min, max) = (min - 0.5, max + 0.5);
        }

        var width = (max - min) / bins;
        return (Histogram(first, min, width, bins), Histogram(second, min, width, bins));
    }

    private static double[] Histogram(IReadOnlyList<double> sample, double min, double width, int bins)
    {
        var counts = new double[bins];
        foreach (var x in sample)
        {
            var index = (int)Math.Floor((x - min) / width);
            counts[Math.Clamp(index, 0, bins - 1)]++;
        }

        return counts;
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }
}
