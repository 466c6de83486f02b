using Vigil.Evals.Gap;

namespace Vigil.Evals.Tests.Gap;

/// <summary>The eval-to-production gap on real MiniLM embeddings: paraphrases are covered, new topics are missed and grouped.</summary>
public sealed class CoverageAnalyzerTests
{
    private static readonly string[] Dataset =
    [
        "How long does a refund take?",
        "Can I return an item after 30 days?",
        "Where is my order?",
        "How do I change my shipping address?",
        "Do you ship to Canada?",
    ];

    [Fact]
    public void Analyze_ParaphrasesAreCovered_NewTopicsAreMissedAndClusteredByTopic()
    {
        var production = new List<ProductionInput>
        {
            new("t01", "How many days until I get my refund?"),
            new("t02", "Can I still send back a product I bought five weeks ago?"),
            new("t03", "Where's my package? It hasn't arrived."),
            new("t04", "I need to update the delivery address on my order"),
            new("t10", "How do I delete my account and all my personal data under GDPR?"),
            new("t11", "Please erase all the data you hold about me (GDPR request)"),
            new("t12", "I want my personal information removed from your systems"),
            new("t20", "Your API returns 429 too many requests, what is the rate limit?"),
            new("t21", "What are the API rate limits per minute for developers?"),
        };

        var report = CoverageAnalyzer.Analyze(Dataset, production, new CoverageOptions(), CancellationToken.None);

        Assert.Equal(9, report.ProductionInputs);
        Assert.Equal(5, report.Missed);
        Assert.Equal(2, report.Clusters.Count);
        var gdpr = report.Clusters[0];
        Assert.Equal(["t10", "t11", "t12"], gdpr.TraceIds.Order(StringComparer.Ordinal));
        Assert.Equal(0.6, gdpr.Share, 3);
        Assert.Contains(gdpr.RepresentativeTraceId, gdpr.TraceIds);
        Assert.Equal(["t20", "t21"], report.Clusters[1].TraceIds.Order(StringComparer.Ordinal));
        Assert.All(report.Clusters, c => Assert.True(c.MeanDistance > 0.5, $"{c.Representative}: {c.MeanDistance}"));
    }

    [Fact]
    public void Analyze_EmptyDataset_MissesEveryInput()
    {
        var report = CoverageAnalyzer.Analyze([], [new("t1", "anything at all")], new CoverageOptions(), CancellationToken.None);

        Assert.Equal(1, report.Missed);
        Assert.Equal(1.0, report.MissShare);
    }

    [Fact]
    public void Analyze_NoProductionInputs_ReportsNothingMissed()
    {
        var report = CoverageAnalyzer.Analyze(Dataset, [], new CoverageOptions(), CancellationToken.None);

        Assert.Equal(0, report.Missed);
        Assert.Empty(report.Clusters);
        Assert.Null(report.MedianDistance);
    }

    [Theory]
    [InlineData(0.0, 0.4, 20)]
    [InlineData(0.5, 2.0, 20)]
    [InlineData(0.5, 0.4, 0)]
    public void Options_OutOfRange_AreRefused(double miss, double radius, int clusters)
    {
        var options = new CoverageOptions { MissDistance = miss, ClusterRadius = radius, MaxClusters = clusters };

        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => CoverageAnalyzer.Analyze(Dataset, [new("t", "x")], options, CancellationToken.None));
    }
}
