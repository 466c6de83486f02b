using System.Globalization;
using System.Text.Json;
using Vigil.Detectors.Drift;
using Vigil.Detectors.Statistics;
using Vigil.Testing;
using Xunit.Abstractions;

namespace Vigil.Detectors.Tests.Statistics;

/// <summary>
/// Every case of <c>../shared/data/stats/stats_cases.json</c> (published SciPy and Evidently expectations), each at
/// the tolerance it states and otherwise at 1e-6 relative. A case of a kind this test does not know fails, so a case
/// added to the file cannot pass unnoticed.
/// </summary>
public sealed class SciPyCasesTests(ITestOutputHelper output)
{
    private const string CasesFile = "stats/stats_cases.json";

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        if (SharedData.Root is null)
        {
            data.Add("(shared data absent)");
            return data;
        }

        foreach (var c in Cases().EnumerateArray())
        {
            data.Add(c.GetProperty("id").GetString()!);
        }

        return data;
    }

    [SharedDataFact]
    public void CasesFile_CountMatchesItsHeader()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf(CasesFile)));
        Assert.Equal(document.RootElement.GetProperty("n_cases").GetInt32(), document.RootElement.GetProperty("cases").GetArrayLength());
    }

    [SharedDataTheory]
    [MemberData(nameof(CaseIds))]
    public void StatsCase_MatchesPublishedValue(string id)
    {
        var c = Cases().EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);
        var test = c.GetProperty("test").GetString()!;
        var inputs = c.GetProperty("inputs");
        var expected = c.GetProperty("expected");
        if (test == "ks_2samp")
        {
            var alternative = c.GetProperty("params").GetProperty("alternative").GetString() switch
            {
                "two-sided" => KsAlternative.TwoSided,
                "greater" => KsAlternative.Greater,
                "less" => KsAlternative.Less,
                var other => throw new InvalidOperationException($"alternative {other}"),
            };
            var ks = KolmogorovSmirnov.TwoSample(Doubles(inputs, "x"), Doubles(inputs, "y"), alternative);
            Check(c, "statistic", ks.Statistic);
            Check(c, "pvalue", ks.PValue);
            Assert.Equal(KsMethod.Exact, ks.Method);
        }
        else if (test.StartsWith("chisquare", StringComparison.Ordinal))
        {
            var ddof = c.GetProperty("params").GetProperty("ddof").GetInt32();
            var chi = ChiSquaredTests.GoodnessOfFit(Doubles(inputs, "f_obs"), Doubles(inputs, "f_exp"), ddof);
            Check(c, "statistic", chi.Statistic);
            Check(c, "pvalue", chi.PValue);
            Assert.Equal(expected.GetProperty("dof").GetInt32(), chi.DegreesOfFreedom);
        }
        else if (test.StartsWith("chi-squared drift test", StringComparison.Ordinal))
        {
            var chi = ChiSquaredTests.DriftTest(Counts(inputs, "reference_counts_by_category"), Counts(inputs, "current_counts_by_category"));
            Check(c, "pvalue", chi.PValue);
            Assert.Equal(expected.GetProperty("drift_at_threshold_0.5").GetBoolean(), DriftTests.IsDrift(DriftTest.ChiSquaredGoodnessOfFit, chi.PValue, 0.5));
        }
        else if (test.StartsWith("chi2_contingency", StringComparison.Ordinal))
        {
            var table = inputs.GetProperty("table").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            var lambda = test.Contains("log-likelihood", StringComparison.Ordinal) ? ChiSquaredTests.LogLikelihood : ChiSquaredTests.Pearson;
            var chi = ChiSquaredTests.Contingency(table, lambda: lambda);
            Check(c, "statistic", chi.Statistic);
            Check(c, "pvalue", chi.PValue);
            Assert.Equal(expected.GetProperty("dof").GetInt32(), chi.DegreesOfFreedom);
        }
        else if (test.StartsWith("jensenshannon", StringComparison.Ordinal))
        {
            var logBase = c.GetProperty("params").GetProperty("base") is { ValueKind: JsonValueKind.Number } b ? b.GetDouble() : Math.E;
            Check(c, "distance", JensenShannon.Distance(Doubles(inputs, "p"), Doubles(inputs, "q"), logBase));
        }
        else if (test.StartsWith("wasserstein_distance", StringComparison.Ordinal))
        {
            var distance = Wasserstein.Distance(Doubles(inputs, "u_values"), Doubles(inputs, "v_values"),
                OptionalDoubles(inputs, "u_weights"), OptionalDoubles(inputs, "v_weights"));
            Check(c, "distance", distance);
        }
        else if (test.StartsWith("PSI", StringComparison.Ordinal))
        {
            Check(c, "psi", PopulationStability.Index(Doubles(inputs, "expected_props"), Doubles(inputs, "actual_props")));
        }
        else
        {
            Assert.Fail($"case {id}: no implementation is wired for test '{test}'");
        }
    }

    private void Check(JsonElement c, string field, double actual)
    {
        var expected = c.GetProperty("expected").GetProperty(field).GetDouble();
        var tolerance = Tolerance(c, field);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{field}: expected {expected:R}, got {actual:R}, |error| {Math.Abs(actual - expected):E2}, tolerance {tolerance}"));
        tolerance.AssertClose(expected, actual, $"{c.GetProperty("id").GetString()} {field}");
    }

    /// <summary>The stated tolerance: one string for the case, or one per field.</summary>
    internal static Tolerance Tolerance(JsonElement c, string field) =>
        !c.TryGetProperty("tolerance", out var t) ? Statistics.Tolerance.Default
        : t.ValueKind == JsonValueKind.String ? Statistics.Tolerance.Parse(t.GetString())
        : t.TryGetProperty(field, out var f) ? Statistics.Tolerance.Parse(f.GetString())
        : Statistics.Tolerance.Default;

    private static JsonElement Cases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf(CasesFile)));
        return document.RootElement.GetProperty("cases").Clone();
    }

    private static double[] Doubles(JsonElement inputs, string name) => [.. inputs.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];

    private static double[]? OptionalDoubles(JsonElement inputs, string name) => inputs.TryGetProperty(name, out _) ? Doubles(inputs, name) : null;

    private static Dictionary<string, int> Counts(JsonElement inputs, string name) =>
        inputs.GetProperty(name).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
}
