using Vigil.Evals.Internal;

namespace Vigil.Evals.Gap;

/// <summary>
/// Which production inputs an eval set misses. Every input is embedded locally (all-MiniLM-L6-v2); a
/// production input whose nearest dataset input is further than <see cref="CoverageOptions.MissDistance"/>
/// in cosine distance (1 − cosine similarity) is a miss. Misses are grouped by leader clustering, most
/// distant first: an input joins the first cluster whose centroid lies within
/// <see cref="CoverageOptions.ClusterRadius"/>, else starts one. Deterministic for the same inputs.
/// </summary>
public static class CoverageAnalyzer
{
    public static CoverageReport Analyze(
        IReadOnlyList<string> datasetInputs, IReadOnlyList<ProductionInput> production, CoverageOptions options, CancellationToken cancellationToken) =>
        Analyze(datasetInputs, production, options, MiniLmEmbedder.Shared, cancellationToken);

    internal static CoverageReport Analyze(
        IReadOnlyList<string> datasetInputs, IReadOnlyList<ProductionInput> production, CoverageOptions options, ITextEmbedder embedder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(datasetInputs);
        ArgumentNullException.ThrowIfNull(production);
        options.ThrowIfInvalid();
        if (production.Count == 0)
        {
            return new CoverageReport(0, datasetInputs.Count, 0, 0, null, []);
        }

        var reference = Normalized(datasetInputs.Count == 0 ? [] : embedder.Embed(datasetInputs, cancellationToken));
        var vectors = Normalized(embedder.Embed([.. production.Select(p => p.Input)], cancellationToken));
        var distances = new double[production.Count];
        for (var i = 0; i < production.Count; i++)
        {
            distances[i] = reference.Length == 0 ? 1.0 : 1.0 - reference.Max(r => Dot(r, vectors[i]));
        }

        var missed = Enumerable.Range(0, production.Count)
            .Where(i => distances[i] > options.MissDistance)
            .OrderByDescending(i => distances[i]).ThenBy(i => production[i].TraceId, StringComparer.Ordinal)
            .ToList();
        var clusters = Cluster(missed, vectors, options.ClusterRadius);
        var reported = clusters
            .OrderByDescending(c => c.Count).ThenByDescending(c => c.Average(i => distances[i]))
            .Take(options.MaxClusters)
            .Select(members => Describe(members, vectors, distances, production, missed.Count))
            .ToList();
        var sorted = distances.Order().ToArray();
        return new CoverageReport(production.Count, datasetInputs.Count, missed.Count, (double)missed.Count / production.Count, sorted[sorted.Length / 2], reported);
    }

    private static List<List<int>> Cluster(List<int> missed, float[][] vectors, double radius)
    {
        var clusters = new List<(List<int> Members, double[] Sum)>();
        foreach (var i in missed)
        {
            var home = clusters.FindIndex(c => 1.0 - Cosine(c.Sum, vectors[i]) <= radius);
            if (home < 0)
            {
                clusters.Add(([i], vectors[i].Select(v => (double)v).ToArray()));
                continue;
            }

            clusters[home].Members.Add(i);
            var sum = clusters[home].Sum;
            for (var d = 0; d < sum.Length; d++)
            {
                sum[d] += vectors[i][d];
            }
        }

        return [.. clusters.Select(c => c.Members)];
    }

    /// <summary>The cluster with its most central member as the representative.</summary>
    private static MissCluster Describe(List<int> members, float[][] vectors, double[] distances, IReadOnlyList<ProductionInput> production, int missedCount)
    {
        var centroid = new double[vectors[members[0]].Length];
        foreach (var i in members)
        {
            for (var d = 0; d < centroid.Length; d++)
            {
                centroid[d] += vectors[i][d];
            }
        }

        var central = members.MaxBy(i => Cosine(centroid, vectors[i]));
        return new MissCluster(
            members.Count,
            (double)members.Count / missedCount,
            production[central].Input,
            production[central].TraceId,
            members.Average(i => distances[i]),
            [.. members.Select(i => production[i].TraceId)]);
    }

    private static float[][] Normalized(float[][] vectors)
    {
        foreach (var v in vectors)
        {
            var norm = Math.Sqrt(v.Sum(x => (double)x * x));
            if (norm > 0)
            {
                for (var d = 0; d < v.Length; d++)
                {
                    v[d] = (float)(v[d] / norm);
                }
            }
        }

        return vectors;
    }

    private static double Dot(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var d = 0; d < a.Length; d++)
        {
            sum += (double)a[d] * b[d];
        }

        return sum;
    }

    private static double Cosine(double[] sum, float[] unit)
    {
        double dot = 0, norm = 0;
        for (var d = 0; d < sum.Length; d++)
        {
            dot += sum[d] * unit[d];
            norm += sum[d] * sum[d];
        }

        return norm == 0 ? 0 : dot / Math.Sqrt(norm);
    }
}

/// <summary>One production input: the trace it came from and the user's text.</summary>
public sealed record ProductionInput(string TraceId, string Input);

/// <summary>
/// When a production input counts as missed, and how misses are grouped. The defaults suit
/// all-MiniLM-L6-v2: paraphrases sit around 0.1–0.3 in cosine distance, another question on the same
/// product around 0.4–0.6, another topic beyond 0.7.
/// </summary>
public sealed record CoverageOptions
{
    /// <summary>A production input further than this from every dataset input is missed.</summary>
    public double MissDistance { get; init; } = 0.5;

    /// <summary>A missed input joins a cluster whose centroid is within this distance.</summary>
    public double ClusterRadius { get; init; } = 0.45;

    /// <summary>The largest clusters reported; the rest are counted in <see cref="CoverageReport.Missed"/> only.</summary>
    public int MaxClusters { get; init; } = 20;

    public void ThrowIfInvalid()
    {
        if (!double.IsFinite(MissDistance) || MissDistance is <= 0 or >= 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MissDistance), MissDistance, "a cosine distance between 0 and 2 (exclusive)");
        }

        if (!double.IsFinite(ClusterRadius) || ClusterRadius is <= 0 or >= 2)
        {
            throw new ArgumentOutOfRangeException(nameof(ClusterRadius), ClusterRadius, "a cosine distance between 0 and 2 (exclusive)");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxClusters, 1);
    }
}

/// <summary>
/// How well a dataset covers production: inputs compared, misses and their share, the median
/// nearest-neighbour distance, and the clusters of missed inputs, largest first.
/// </summary>
public sealed record CoverageReport(int ProductionInputs, int DatasetInputs, int Missed, double MissShare, double? MedianDistance, IReadOnlyList<MissCluster> Clusters);

/// <summary>A group of similar missed inputs: how many, their share of the misses, the most central one, and every trace.</summary>
public sealed record MissCluster(int Size, double Share, string Representative, string RepresentativeTraceId, double MeanDistance, IReadOnlyList<string> TraceIds);
