using Vigil.Detectors.Drift;

namespace Vigil.Detectors.Tests.Drift;

/// <summary>Which test each column gets by default (Evidently's table in algorithms.md), and how kinds are inferred.</summary>
public sealed class DriftSelectionTests
{
    [Theory]
    [InlineData(ColumnKind.Numeric, 50, 1000, DriftTest.Ks)]
    [InlineData(ColumnKind.Numeric, 50, 1001, DriftTest.Wasserstein)]
    [InlineData(ColumnKind.Numeric, 6, 200, DriftTest.Ks)]
    [InlineData(ColumnKind.Numeric, 5, 200, DriftTest.ChiSquared)]
    [InlineData(ColumnKind.Numeric, 3, 200, DriftTest.ChiSquared)]
    [InlineData(ColumnKind.Numeric, 5, 5000, DriftTest.JensenShannon)]
    [InlineData(ColumnKind.Numeric, 2, 200, DriftTest.ZTest)]
    [InlineData(ColumnKind.Categorical, 12, 1000, DriftTest.ChiSquared)]
    [InlineData(ColumnKind.Categorical, 12, 1001, DriftTest.JensenShannon)]
    [InlineData(ColumnKind.Binary, 2, 1000, DriftTest.ZTest)]
    [InlineData(ColumnKind.Binary, 2, 1001, DriftTest.JensenShannon)]
    [InlineData(ColumnKind.Text, 900, 100, DriftTest.Mmd)]
    [InlineData(ColumnKind.Text, 900, 100_000, DriftTest.Mmd)]
    public void DefaultTest_FollowsEvidentlysTable(ColumnKind kind, int distinct, int referenceCount, DriftTest expected) =>
        Assert.Equal(expected, DriftTests.Default(kind, distinct, referenceCount));

    [Theory]
    [InlineData(DriftTest.Ks, 0.05, true)]
    [InlineData(DriftTest.ChiSquared, 0.05, false)]
    [InlineData(DriftTest.ZTest, 0.049, true)]
    [InlineData(DriftTest.Mmd, 0.05, false)]
    [InlineData(DriftTest.JensenShannon, 0.1, true)]
    [InlineData(DriftTest.Psi, 0.099, false)]
    [InlineData(DriftTest.Wasserstein, 0.1, true)]
    public void Verdict_PValuesBelowDistancesAtOrAbove_KsAtOrBelow(DriftTest test, double score, bool drifted) =>
        Assert.Equal(drifted, DriftTests.IsDrift(test, score, DriftTests.DefaultThreshold(test)));

    [Fact]
    public void Kinds_AreInferredFromTheValues()
    {
        Assert.Equal(ColumnKind.Numeric, ColumnKinds.Infer(["1", "2.5", "-3e2"], ["4"]));
        Assert.Equal(ColumnKind.Binary, ColumnKinds.Infer(["0", "1", "1.0"], [null, "0"]));
        Assert.Equal(ColumnKind.Binary, ColumnKinds.Infer(["stop", "length"], ["stop"]));
        Assert.Equal(ColumnKind.Categorical, ColumnKinds.Infer(["en", "de", "fr", "1"], ["en"]));
        // Many short labels that repeat are still categories (tool names, topic clusters).
        var tools = Enumerable.Range(0, 400).Select(i => (string?)$"tool_{i % 30}").ToArray();
        Assert.Equal(ColumnKind.Categorical, ColumnKinds.Infer(tools, tools));
        var prompts = Enumerable.Range(0, 60).Select(i => (string?)$"summarise document {i}").ToArray();
        Assert.Equal(ColumnKind.Text, ColumnKinds.Infer(prompts, prompts.Reverse().Take(30).ToArray()));
        var reports = Enumerable.Range(0, 60).Select(i => (string?)$"please summarise the attached quarterly report number {i % 25}").ToArray();
        Assert.Equal(ColumnKind.Text, ColumnKinds.Infer(reports, reports));
        // Identifiers and names have no spaces: many distinct values, but not text.
        var ids = Enumerable.Range(0, 60).Select(i => (string?)$"trace-{i:x8}").ToArray();
        Assert.Equal(ColumnKind.Categorical, ColumnKinds.Infer(ids, ids));
        Assert.False(ColumnKinds.TryNumber("1,000", out _));
    }

    [Fact]
    public void Detector_PicksPerColumn_SmallReference()
    {
        var reference = Tables.Of("ref.csv",
            ("latency_ms", Tables.Numbers(Tables.Normal(200, 300, 40, 1))),
            ("stars", Tables.Numbers(Enumerable.Range(0, 200).Select(i => (double)(1 + i % 5)))),
            ("model", Tables.Labels(200, 2, ("gpt-4o", 5), ("claude", 3), ("llama", 2))),
            ("cached", Tables.Labels(200, 3, ("true", 1), ("false", 1))),
            ("prompt", Enumerable.Range(0, 200).Select(i => (string?)$"question {i} about the invoice for order {i * 7}")));
        var current = Tables.Of("cur.csv",
            ("latency_ms", Tables.Numbers(Tables.Normal(150, 300, 40, 4))),
            ("stars", Tables.Numbers(Enumerable.Range(0, 150).Select(i => (double)(1 + i % 5)))),
            ("model", Tables.Labels(150, 5, ("gpt-4o", 5), ("claude", 3), ("llama", 2))),
            ("cached", Tables.Labels(150, 6, ("true", 1), ("false", 1))),
            ("prompt", Enumerable.Range(0, 150).Select(i => (string?)$"question {i} about the invoice for order {i * 3}")));
        var report = new DriftDetector(new HashingEmbedder()).Compare(reference, current, new DriftOptions { Permutations = 100 });
        Assert.Equal(
            [("latency_ms", ColumnKind.Numeric, DriftTest.Ks), ("stars", ColumnKind.Numeric, DriftTest.ChiSquared), ("model", ColumnKind.Categorical, DriftTest.ChiSquared),
             ("cached", ColumnKind.Binary, DriftTest.ZTest), ("prompt", ColumnKind.Text, DriftTest.Mmd)],
            report.Columns.Select(c => (c.Column, c.Kind, c.Test)));
        Assert.All(report.Columns, c => Assert.Equal(DriftStatus.Compared, c.Status));
        Assert.All(report.Columns, c => Assert.NotNull(c.PValue));
        Assert.Equal([200, 200, 200, 200, 200], report.Columns.Select(c => c.ReferenceCount));
        Assert.Equal([150, 150, 150, 150, 150], report.Columns.Select(c => c.CurrentCount));
    }

    [Fact]
    public void Detector_PicksDistances_LargeReference()
    {
        var reference = Tables.Of("ref.csv",
            ("latency_ms", Tables.Numbers(Tables.Normal(1500, 300, 40, 1))),
            ("model", Tables.Labels(1500, 2, ("gpt-4o", 5), ("claude", 3), ("llama", 2))),
            ("cached", Tables.Labels(1500, 3, ("true", 1), ("false", 1))));
        var current = Tables.Of("cur.csv",
            ("latency_ms", Tables.Numbers(Tables.Normal(300, 360, 40, 4))),
            ("model", Tables.Labels(300, 5, ("gpt-4o", 5), ("claude", 3), ("llama", 2))),
            ("cached", Tables.Labels(300, 6, ("true", 1), ("false", 1))));
        var report = new DriftDetector().Compare(reference, current);
        Assert.Equal([DriftTest.Wasserstein, DriftTest.JensenShannon, DriftTest.JensenShannon], report.Columns.Select(c => c.Test));
        Assert.All(report.Columns, c => Assert.Null(c.PValue));
        Assert.All(report.Columns, c => Assert.Equal(0.1, c.Threshold));
        // Latency moved by 1.5 reference standard deviations: the normed distance is about 1.5.
        Assert.InRange(report.Columns[0].Distance!.Value, 1.2, 1.8);
        Assert.True(report.Columns[0].Drifted);
        Assert.False(report.Columns[1].Drifted);
        Assert.False(report.Columns[2].Drifted);
    }
}
