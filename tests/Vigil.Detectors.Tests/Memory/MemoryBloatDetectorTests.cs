using Vigil.Detectors.Memory;

namespace Vigil.Detectors.Tests.Memory;

/// <summary>Vectors and embedding calls per document added, against the baseline; the 30-day size projection and its cost.</summary>
public sealed class MemoryBloatDetectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Daily samples, day 0 … 5; days 1–4 are the baseline (1000 documents, 10,000 vectors and 10,000 embedding calls a day), day 5 the current window.</summary>
    private static List<IndexSample> Series(long vectorsNow, long callsNow, long documentsNow = 1000, long lastSize = 1_650_000_000)
    {
        var series = new List<IndexSample> { new(Start, 1_000_000_000, 100_000, 0, 0) };
        for (var day = 1; day <= 4; day++)
        {
            series.Add(new IndexSample(Start.AddDays(day), 1_000_000_000 + (day * 100_000_000L), 100_000 + (day * 10_000L), 1000, 10_000));
        }

        series.Add(new IndexSample(Start.AddDays(5), lastSize, 140_000 + vectorsNow, documentsNow, callsNow));
        return series;
    }

    private static Finding Of(IReadOnlyList<Finding> findings, string statistic) => Assert.Single(findings, f => f.Statistic == statistic);

    [Fact]
    public void VectorsPerDocument_25Against10_Alerts_ReembeddingThreeTimes_Alerts()
    {
        var findings = new MemoryBloatDetector().Evaluate("docs-main", Series(vectorsNow: 25_000, callsNow: 30_000));

        var growth = Of(findings, "vectors_per_document_ratio");
        Assert.Equal((FindingState.Alert, 2.5, 1.5), (growth.State, growth.Value!.Value, growth.Threshold!.Value));
        Assert.Equal(("memory_bloat", "memory_bloat", "docs-main"), (growth.Detector, growth.IncidentClass, growth.Subject["index"]));
        Assert.Equal(
            "index docs-main: 25 vectors per document added now (25000 for 1000) against 10 in the baseline (40000 for 4000), 2.5×, about 15000 more than the baseline rate explains; 1.5× or more alerts",
            growth.Explanation);
        Assert.Equal((Start, Start.AddDays(4)), (growth.Reference!.From, growth.Reference.To));
        Assert.Equal((Start.AddDays(4), Start.AddDays(5)), (growth.Current.From, growth.Current.To));

        var reembed = Of(findings, "embeddings_per_document_ratio");
        Assert.Equal((FindingState.Alert, 3.0, 2.0), (reembed.State, reembed.Value!.Value, reembed.Threshold!.Value));
        Assert.Contains("about 20000 more than the baseline rate explains", reembed.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Steady_GrowthAndEmbeddingsAtTheBaselineRate_AreOk()
    {
        var findings = new MemoryBloatDetector().Evaluate("docs-main", Series(vectorsNow: 10_000, callsNow: 11_000, lastSize: 1_500_000_000));
        Assert.Equal((FindingState.Ok, 1.0), (Of(findings, "vectors_per_document_ratio").State, Of(findings, "vectors_per_document_ratio").Value!.Value));
        Assert.Equal((FindingState.Ok, 1.1), (Of(findings, "embeddings_per_document_ratio").State, Math.Round(Of(findings, "embeddings_per_document_ratio").Value!.Value, 12)));
    }

    [Fact]
    public void EmbeddingCallsWithNoDocumentAdded_AreReembedding()
    {
        // 5000 calls, no documents: all 5000 unexplained ≥ 1000. No vectors added either: nothing to judge for growth.
        var findings = new MemoryBloatDetector().Evaluate("docs-main", Series(vectorsNow: 0, callsNow: 5000, documentsNow: 0));
        var reembed = Of(findings, "embeddings_per_document_ratio");
        Assert.Equal((FindingState.Alert, double.PositiveInfinity), (reembed.State, reembed.Value!.Value));
        Assert.Contains("5000 embedding calls for 0 documents added now (baseline 10 per document), 5000 beyond what the documents explain", reembed.Explanation, StringComparison.Ordinal);
        Assert.Equal(FindingState.InsufficientData, Of(findings, "vectors_per_document_ratio").State);
    }

    [Fact]
    public void Projection_LeastSquaresTo5Point22GB_Costs1Point31AMonth_AlertsOverABudgetOf1()
    {
        // Sizes 1.0, 1.1, 1.2, 1.3, 1.4, 1.65 GB on days 0–5: slope = Sxy/Sxx = 2.125/17.5 = 0.121429 GB/day,
        // intercept 1.275 − 2.5·0.121429 = 0.971429; day 35: 5.221429 GB; at $0.25/GB-month $1.305357.
        var options = new MemoryBloatOptions { DollarsPerGbMonth = 0.25, MonthlyCostBudget = 1.0 };
        var projection = Of(new MemoryBloatDetector(options).Evaluate("docs-main", Series(25_000, 30_000)), "projected_storage_cost");
        Assert.Equal(FindingState.Alert, projection.State);
        Assert.Equal(1.305357, projection.Value!.Value, 6);
        Assert.Equal(1.0, projection.Threshold);
        Assert.Equal(
            "index docs-main: 1.65 GB now, growing 0.1214 GB/day (least squares over 6 samples), 5.221 GB in 30 days, $1.31/month at $0.25/GB-month; the budget is $1/month",
            projection.Explanation);

        var noBudget = Of(new MemoryBloatDetector(options with { MonthlyCostBudget = null }).Evaluate("docs-main", Series(25_000, 30_000)), "projected_storage_cost");
        Assert.Equal((FindingState.Ok, (double?)null), (noBudget.State, noBudget.Threshold));
        Assert.EndsWith("no budget set, so this is informational", noBudget.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void OneSample_IsInsufficientData_ForEveryStatistic()
    {
        var findings = new MemoryBloatDetector().Evaluate("docs-main", [new IndexSample(Start, 1, 1, 1, 1)]);
        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingState.InsufficientData, f.State));
        Assert.Contains("1 samples; at least 2", findings[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void FewBaselineDocuments_IsInsufficientData()
    {
        var series = Series(25_000, 30_000).Select(s => s with { DocumentsAdded = s.Time == Start.AddDays(5) ? 1000 : 10 }).ToList();
        var growth = Of(new MemoryBloatDetector().Evaluate("docs-main", series), "vectors_per_document_ratio");
        Assert.Equal(FindingState.InsufficientData, growth.State);
        Assert.Contains("the baseline added 40 documents; at least 100", growth.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIndexThatAddsNoDocuments_GrowingOrReembeddingByTheMinimum_Alerts_WithoutABaselineRate()
    {
        // A fixed corpus: no document added, ever. Then 1,500 vectors and 1,000 embedding calls in the current day.
        var series = Series(1_500, 1_000, documentsNow: 0).Select(s => s with { DocumentsAdded = 0, EmbeddingCalls = s.Time == Start.AddDays(5) ? 1_000 : 0 }).ToList();
        var findings = new MemoryBloatDetector().Evaluate("kb", series);

        Assert.Equal((FindingState.Alert, double.PositiveInfinity), (Of(findings, "vectors_per_document_ratio").State, Of(findings, "vectors_per_document_ratio").Value));
        Assert.Equal(FindingState.Alert, Of(findings, "embeddings_per_document_ratio").State);
        Assert.Contains("1000 embedding calls now with no document added", Of(findings, "embeddings_per_document_ratio").Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIndexThatAddsNoDocuments_AndStaysPut_IsInsufficientData()
    {
        var series = Series(0, 0, documentsNow: 0).Select(s => s with { DocumentsAdded = 0, EmbeddingCalls = 0, VectorCount = 100_000 }).ToList();

        Assert.All(new MemoryBloatDetector().Evaluate("kb", series).Where(f => f.Statistic != "projected_storage_cost"), f => Assert.Equal(FindingState.InsufficientData, f.State));
    }
}
