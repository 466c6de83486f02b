using System.Collections.Concurrent;
using Vigil.Detectors.Drift;
using Vigil.Detectors.Tables;
using Vigil.Evals;
using Vigil.Testing;
using Xunit.Abstractions;

namespace Vigil.Detectors.Tests.Drift;

/// <summary>
/// Drift on real prompts from <c>../shared/data/prompts</c>, embedded with the local MiniLM model: two seeded random
/// halves of one file do not drift; a current window whose category mix changed does, in the category column and in
/// the text itself. Samples are kept small (80 prompts a side): MiniLM takes about 0.1 s a prompt on two cores.
/// </summary>
public sealed class RealTextDriftTests(ITestOutputHelper output)
{
    private const string AwesomePrompts = "prompts/awesome-chatgpt-prompts/prompts.csv";

    /// <summary>Embeddings are cached across the tests of this class: the same reference is compared twice.</summary>
    private static readonly DriftDetector Detector = new(new CachingMiniLm());

    [SharedDataFact]
    public void AwesomePrompts_RandomHalves_NoDrift_StructuredOverRepresented_Drift()
    {
        var table = ColumnTable.Load(SharedData.PathOf(AwesomePrompts));
        Assert.Equal(1529, table.RowCount);
        var type = table.Find("type")!;
        var rows = Shuffled(table.RowCount, seed: 11);
        var options = new DriftOptions { Columns = ["prompt", "type"], Permutations = 300, Seed = 5 };

        var reference = Rows(table, rows.Take(80));
        var other = rows.Skip(80).Take(80).ToList();
        var halves = Detector.Compare(reference, Rows(table, other), options);
        Print("random halves", halves);
        Assert.Equal([(ColumnKind.Text, DriftTest.Mmd), (ColumnKind.Categorical, DriftTest.ChiSquared)], halves.Columns.Select(c => (c.Kind, c.Test)));
        Assert.All(halves.Columns, c => Assert.Equal(DriftStatus.Compared, c.Status));
        Assert.All(halves.Columns, c => Assert.False(c.Drifted, $"{c.Column}: p = {c.PValue}"));
        Assert.False(halves.DatasetDrift);

        // The current window: three quarters STRUCTURED prompts (15 % of the file), none of them in the reference.
        var structured = rows.Skip(80).Where(i => type.Values[i] == "STRUCTURED").Take(60);
        var textual = other.Where(i => type.Values[i] == "TEXT").Take(20);
        var shifted = Detector.Compare(reference, Rows(table, structured.Concat(textual)), options);
        Print("category mix changed", shifted);
        Assert.All(shifted.Columns, c => Assert.True(c.Drifted, $"{c.Column}: p = {c.PValue}"));
        Assert.True(shifted.DatasetDrift);
    }

    /// <summary>
    /// The no-drift verdict above is not a lucky seed: over 200 random pairs of 200-prompt halves the category test
    /// flags drift about as often as its 5 % level says. Evidently's goodness-of-fit variant, which takes the reference
    /// proportions as exact, flags several times as often (docs/drift.md).
    /// </summary>
    [SharedDataFact]
    public void AwesomePrompts_CategoryTest_FalseAlarmsNearTheSignificanceLevel()
    {
        var table = ColumnTable.Load(SharedData.PathOf(AwesomePrompts));
        int homogeneity = 0, goodnessOfFit = 0;
        const int Trials = 200;
        for (var seed = 0; seed < Trials; seed++)
        {
            var rows = Shuffled(table.RowCount, seed);
            var reference = Rows(table, rows.Take(200));
            var current = Rows(table, rows.Skip(200).Take(200));
            homogeneity += Drifted(reference, current, DriftTest.ChiSquared);
            goodnessOfFit += Drifted(reference, current, DriftTest.ChiSquaredGoodnessOfFit);
        }

        output.WriteLine($"false alarms in {Trials}: homogeneity {homogeneity}, Evidently's goodness of fit {goodnessOfFit}");
        Assert.InRange(homogeneity, 0, Trials / 10);
        Assert.True(goodnessOfFit > 2 * homogeneity, $"goodness of fit {goodnessOfFit}, homogeneity {homogeneity}");
    }

    /// <summary>JSON Lines (turns are arrays of strings): random halves do not drift; a window of only the technical categories does.</summary>
    [SharedDataFact]
    public void MtBenchJsonl_RandomHalves_NoDrift_OnlyTechnicalCategories_CategoryDrift()
    {
        var table = ColumnTable.Load(SharedData.PathOf("prompts/mt-bench/question.jsonl"));
        var category = table.Find("category")!;
        var rows = Shuffled(table.RowCount, seed: 3);
        var options = new DriftOptions { Columns = ["turns", "category"], MinimumSampleSize = 10, Permutations = 300, Seed = 5 };

        var reference = Rows(table, rows.Take(40));
        var halves = Detector.Compare(reference, Rows(table, rows.Skip(40)), options);
        Print("random halves", halves);
        Assert.Equal([(ColumnKind.Text, DriftTest.Mmd), (ColumnKind.Categorical, DriftTest.ChiSquared)], halves.Columns.Select(c => (c.Kind, c.Test)));
        Assert.All(halves.Columns, c => Assert.False(c.Drifted, $"{c.Column}: p = {c.PValue}"));

        // Math, coding and reasoning questions that the reference does not hold (3 of the 8 categories).
        var technical = rows.Skip(40).Where(i => category.Values[i] is "math" or "coding" or "reasoning").ToList();
        var shifted = Detector.Compare(reference, Rows(table, technical), options);
        Print($"only math, coding, reasoning ({technical.Count} questions)", shifted);
        Assert.True(shifted.Columns[1].Drifted, $"category: p = {shifted.Columns[1].PValue}");
    }

    private static int Drifted(ColumnTable reference, ColumnTable current, DriftTest test)
    {
        var options = new DriftOptions { Columns = ["type"], PerColumn = new Dictionary<string, ColumnDriftOptions> { ["type"] = new() { Test = test } } };
        return Detector.Compare(reference, current, options).Columns[0].Drifted ? 1 : 0;
    }

    private static int[] Shuffled(int count, int seed)
    {
        var rows = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(rows);
        return rows;
    }

    private static ColumnTable Rows(ColumnTable table, IEnumerable<int> rows)
    {
        var picked = rows.ToList();
        return new ColumnTable(table.Source, [.. table.Columns.Select(c => new TableColumn(c.Name, [.. picked.Select(i => c.Values[i])], [.. picked.Select(i => c.Lines[i])]))]);
    }

    private void Print(string title, DriftReport report)
    {
        output.WriteLine(title);
        foreach (var c in report.Columns)
        {
            output.WriteLine($"  {c.Column}: {c.Kind} {c.Test} n {c.ReferenceCount}/{c.CurrentCount} statistic {c.Statistic:G4} p {c.PValue:G4} drifted {c.Drifted} ({c.Detail})");
        }
    }

    private sealed class CachingMiniLm : ITextEmbedder
    {
        private readonly ConcurrentDictionary<string, float[]> _cache = new(StringComparer.Ordinal);

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            var missing = texts.Where(t => !_cache.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                var vectors = TextEmbeddings.Embed(missing, cancellationToken);
                for (var i = 0; i < missing.Count; i++)
                {
                    _cache[missing[i]] = vectors[i];
                }
            }

            return [.. texts.Select(t => _cache[t])];
        }
    }
}
