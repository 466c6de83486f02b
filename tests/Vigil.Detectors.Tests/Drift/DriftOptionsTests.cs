using Vigil.Detectors.Drift;
using Vigil.Detectors.Tables;

namespace Vigil.Detectors.Tests.Drift;

/// <summary>Overrides of test, threshold and kind; the minimum sample; the dataset drift share; errors that name the column.</summary>
public sealed class DriftOptionsTests
{
    private static readonly ColumnTable Reference = Tables.Of("ref.csv",
        ("latency_ms", Tables.Numbers(Tables.Normal(300, 300, 40, 1))),
        ("cost", Tables.Numbers(Tables.Normal(300, 1.0, 0.2, 2))),
        ("status", Tables.Labels(300, 3, ("200", 8), ("429", 1), ("500", 1))),
        ("model", Tables.Cycle(300, "gpt-4o", "gpt-4o", "claude", "llama")));

    private static readonly ColumnTable Current = Tables.Of("cur.csv",
        ("latency_ms", Tables.Numbers(Tables.Normal(300, 330, 40, 5))),
        ("cost", Tables.Numbers(Tables.Normal(300, 1.0, 0.2, 6))),
        ("status", Tables.Labels(300, 7, ("200", 5), ("429", 4), ("500", 1))),
        ("model", Tables.Cycle(300, "claude", "gpt-4o", "llama", "gpt-4o")));

    private readonly DriftDetector _detector = new();

    [Fact]
    public void Defaults_TwoOfFourColumnsDrift_DatasetDriftsAtHalf()
    {
        var report = _detector.Compare(Reference, Current);
        Assert.Equal([true, false, true, false], report.Columns.Select(c => c.Drifted));
        Assert.Equal((4, 2, 0.5), (report.ComparedColumns, report.DriftedColumns, report.DriftShare));
        Assert.True(report.DatasetDrift);
        Assert.False(_detector.Compare(Reference, Current, new DriftOptions { DriftShare = 0.6 }).DatasetDrift);
    }

    [Fact]
    public void PerColumnTestAndThreshold_OverrideTheDefault()
    {
        var options = new DriftOptions
        {
            PerColumn = new Dictionary<string, ColumnDriftOptions>
            {
                ["latency_ms"] = new() { Test = DriftTest.Psi },
                ["cost"] = new() { Threshold = 0.99 },
                ["status"] = new() { Test = DriftTest.JensenShannon, Threshold = 0.05 },
                ["model"] = new() { Test = DriftTest.Psi, Threshold = 0.001 },
            },
        };
        var columns = _detector.Compare(Reference, Current, options).Columns;
        Assert.Equal((DriftTest.Psi, 0.1), (columns[0].Test, columns[0].Threshold));
        Assert.NotNull(columns[0].Distance);
        Assert.Null(columns[0].PValue);
        Assert.Equal((DriftTest.Ks, 0.99), (columns[1].Test, columns[1].Threshold));
        Assert.True(columns[1].Drifted, "with threshold 0.99 almost any p-value counts as drift");
        Assert.Equal((DriftTest.JensenShannon, true), (columns[2].Test, columns[2].Drifted));
        Assert.Equal((DriftTest.Psi, 0.0, false), (columns[3].Test, columns[3].Distance, columns[3].Drifted));
    }

    [Fact]
    public void DefaultsApplyToEveryColumn_UnderPerColumnOverrides()
    {
        var options = new DriftOptions
        {
            Defaults = new ColumnDriftOptions { Test = DriftTest.JensenShannon },
            PerColumn = new Dictionary<string, ColumnDriftOptions> { ["cost"] = new() { Test = DriftTest.Wasserstein } },
        };
        var tests = _detector.Compare(Reference, Current, options).Columns.Select(c => c.Test);
        Assert.Equal([DriftTest.JensenShannon, DriftTest.Wasserstein, DriftTest.JensenShannon, DriftTest.JensenShannon], tests);
    }

    [Fact]
    public void KindOverride_NumericCodesAsCategories()
    {
        var reference = Tables.Of("ref.csv", ("code", Tables.Numbers(Enumerable.Range(0, 100).Select(i => (double)(i % 10)))));
        var options = new DriftOptions { PerColumn = new Dictionary<string, ColumnDriftOptions> { ["code"] = new() { Kind = ColumnKind.Categorical } } };
        Assert.Equal(DriftTest.Ks, _detector.Compare(reference, reference).Columns[0].Test);
        var column = _detector.Compare(reference, reference, options).Columns[0];
        Assert.Equal((ColumnKind.Categorical, DriftTest.ChiSquared, 1.0), (column.Kind, column.Test, column.PValue));
    }

    [Fact]
    public void TooFewValues_IsInsufficientData_AndNotCounted()
    {
        var current = Tables.Of("cur.csv",
            ("latency_ms", Tables.Numbers(Tables.Normal(29, 500, 40, 5)).Concat(Enumerable.Repeat<string?>(null, 10))),
            ("model", Tables.Labels(39, 8, ("gpt-4o", 5), ("claude", 3), ("llama", 2))));
        var report = _detector.Compare(Reference, current, new DriftOptions { Columns = ["latency_ms", "model"] });
        var latency = report.Columns[0];
        Assert.Equal((DriftStatus.InsufficientData, false, 29), (latency.Status, latency.Drifted, latency.CurrentCount));
        Assert.Null(latency.Statistic);
        Assert.Equal("insufficient data: the current sample has 29 non-missing values, at least 30 are needed", latency.Detail);
        Assert.Equal((1, 0), (report.ComparedColumns, report.DriftedColumns));
        Assert.False(report.DatasetDrift);

        var relaxed = _detector.Compare(Reference, current, new DriftOptions { Columns = ["latency_ms"], MinimumSampleSize = 20 });
        Assert.Equal(DriftStatus.Compared, relaxed.Columns[0].Status);
        Assert.True(relaxed.Columns[0].Drifted);
    }

    [Fact]
    public void ColumnInOneTableOnly_IsSkipped_TextWithoutEmbedder_IsSkipped()
    {
        var text = Enumerable.Range(0, 40).Select(i => (string?)$"a long free-text answer, one of many, number {i}");
        var reference = Tables.Of("ref.csv", ("old", Tables.Labels(40, 1, ("a", 1), ("b", 1))), ("answer", text));
        var current = Tables.Of("cur.csv", ("new", Tables.Labels(40, 1, ("a", 1), ("b", 1))), ("answer", text));
        var report = _detector.Compare(reference, current);
        Assert.Equal([("old", DriftStatus.Skipped), ("answer", DriftStatus.Skipped), ("new", DriftStatus.Skipped)], report.Columns.Select(c => (c.Column, c.Status)));
        Assert.Equal("only in the reference table (ref.csv)", report.Columns[0].Detail);
        Assert.Equal(DriftTest.Mmd, report.Columns[1].Test);
        Assert.Equal(0, report.ComparedColumns);
        Assert.False(report.DatasetDrift);
    }

    [Fact]
    public void NumberTestOnText_NamesFileLineAndColumn()
    {
        var reference = Tables.Of("ref.csv", ("tokens", new[] { "12", "14", "n/a?", "15" }));
        var options = new DriftOptions { PerColumn = new Dictionary<string, ColumnDriftOptions> { ["tokens"] = new() { Test = DriftTest.Ks } } };
        var error = Assert.Throws<DriftConfigurationException>(() => _detector.Compare(reference, reference, options));
        Assert.Equal("ref.csv, line 3, column 'tokens': 'n/a?' is not a number, and ks compares numbers", error.Message);
    }

    [Fact]
    public void MisfitOptions_AreRejectedNamingTheColumn()
    {
        Assert.Contains("z-test compares the shares of two",
            Assert.Throws<DriftConfigurationException>(() => _detector.Compare(Reference, Current, Only("model", DriftTest.ZTest))).Message);
        Assert.Contains("column 'model' is categorical, and mmd compares text",
            Assert.Throws<DriftConfigurationException>(() => _detector.Compare(Reference, Current,
                new DriftOptions { PerColumn = new Dictionary<string, ColumnDriftOptions> { ["model"] = new() { Test = DriftTest.Mmd, Kind = ColumnKind.Categorical } } })).Message);
        Assert.Contains("column 'model' holds text, which only mmd compares",
            Assert.Throws<DriftConfigurationException>(() => _detector.Compare(Reference, Current,
                new DriftOptions { PerColumn = new Dictionary<string, ColumnDriftOptions> { ["model"] = new() { Test = DriftTest.ChiSquared, Kind = ColumnKind.Text } } })).Message);
        Assert.Contains("column 'nope' is not in ref.csv",
            Assert.Throws<DriftConfigurationException>(() => _detector.Compare(Reference, Current, new DriftOptions { Columns = ["nope"] })).Message);
        Assert.Contains("column 'typo', which neither table has",
            Assert.Throws<DriftConfigurationException>(() => _detector.Compare(Reference, Current, Only("typo", DriftTest.Ks))).Message);
        Assert.Contains("drift share",
            Assert.Throws<DriftConfigurationException>(() => _detector.Compare(Reference, Current, new DriftOptions { DriftShare = 0 })).Message);
    }

    private static DriftOptions Only(string column, DriftTest test) =>
        new() { PerColumn = new Dictionary<string, ColumnDriftOptions> { [column] = new() { Test = test } } };
}
