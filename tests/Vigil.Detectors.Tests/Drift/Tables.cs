using System.Globalization;
using Vigil.Detectors.Drift;
using Vigil.Detectors.Tables;

namespace Vigil.Detectors.Tests.Drift;

/// <summary>Builds tables in memory for the drift tests.</summary>
internal static class Tables
{
    public static ColumnTable Of(string source, params (string Name, IEnumerable<string?> Values)[] columns) =>
        ColumnTable.FromValues(source, columns.Select(c => new KeyValuePair<string, IReadOnlyList<string?>>(c.Name, [.. c.Values])));

    public static IEnumerable<string?> Numbers(IEnumerable<double> values) => values.Select(v => (string?)v.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>n normal values (Box–Muller), seeded.</summary>
    public static double[] Normal(int n, double mean, double sd, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))];
    }

    /// <summary>n labels repeating the pattern: exact proportions.</summary>
    public static string?[] Cycle(int n, params string[] pattern) => [.. Enumerable.Range(0, n).Select(i => pattern[i % pattern.Length])];

    /// <summary>n labels drawn with the given weights, seeded.</summary>
    public static string?[] Labels(int n, int seed, params (string Label, double Weight)[] weights)
    {
        var random = new Random(seed);
        var total = weights.Sum(w => w.Weight);
        return [.. Enumerable.Range(0, n).Select(_ =>
        {
            var u = random.NextDouble() * total;
            foreach (var (label, weight) in weights)
            {
                if ((u -= weight) < 0)
                {
                    return label;
                }
            }

            return weights[^1].Label;
        })];
    }
}

/// <summary>A deterministic stand-in for MiniLM: hashed bag of words, normalised.</summary>
internal sealed class HashingEmbedder : ITextEmbedder
{
    public int Calls { get; private set; }

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        Calls++;
        return [.. texts.Select(text =>
        {
            var vector = new float[32];
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                vector[Fnv(word) % 32] += 1;
            }

            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            return norm == 0 ? vector : vector.Select(v => v / norm).ToArray();
        })];
    }

    /// <summary>FNV-1a: stable across processes, unlike string.GetHashCode.</summary>
    private static int Fnv(string word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7fffffff);
    }
}
