using Vigil.Core.Detection;
using Vigil.Core.Pricing;
using Vigil.Core.Queries;
using Vigil.Detectors.Compliance;
using Vigil.Server.Detectors;
using Vigil.Server.Detectors.Checks;

namespace Vigil.Server.Tests.Detectors;

/// <summary>How the checks turn the store's rows into the detectors' inputs.</summary>
public sealed class CheckInputTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_bill_is_split_into_input_and_output_by_the_catalog_proportions_of_the_model()
    {
        var catalog = PriceCatalog.Create([new ModelPrice
        {
            Model = "gpt-4o", Provider = "openai", EffectiveFrom = T0.AddYears(-1), InputPerMillion = 2.5m, OutputPerMillion = 10m, Source = "test",
        }]);

        // 1M input tokens cost 2.5 and 0.25M output tokens 2.5 at the catalog price: half the bill each, whatever the bill.
        var split = PriceChangeCheck.Split(new BilledHour("openai", "gpt-4o", T0, 10, 1_000_000, 250_000, 5.0, 12.5), catalog, T0);

        Assert.Equal((6.25, 6.25), (split.InputCostUsd, split.OutputCostUsd));
    }

    [Fact]
    public void A_bill_of_a_model_the_catalog_does_not_know_is_split_by_tokens()
    {
        var split = PriceChangeCheck.Split(new BilledHour("acme", "house-model", T0, 10, 300, 100, 0, 4.0), PriceCatalog.Empty, T0);

        Assert.Equal((3.0, 1.0), (split.InputCostUsd, split.OutputCostUsd));
    }

    [Fact]
    public void Index_samples_carry_gauges_forward_and_count_rises_of_documents_and_of_the_reembedding_counter()
    {
        IndexPoint P(int hour, double? docs, double? vectors, double? embedded) =>
            new("kb", "chat", T0.AddHours(hour), docs, vectors, vectors * 6144, embedded);

        var samples = MemoryCheck.Samples([P(1, 100, 1200, 0), P(2, 110, null, 50), P(3, 105, 1400, 20), P(4, null, 1500, 70)]);

        Assert.Equal(
            [(1200L, 0L, 0L), (1200L, 10L, 50L), (1400L, 0L, 20L), (1500L, 0L, 50L)],
            samples.Select(s => (s.VectorCount, s.DocumentsAdded, s.EmbeddingCalls)));
    }

    [Fact]
    public void Segment_rows_become_periods_with_the_whole_and_each_segment_with_the_metric_count()
    {
        var check = new ComplianceCheck(new ComplianceDetectorSettings { QualityScores = ["q"] }, TimeSpan.FromMinutes(5));
        SegmentStats S(int hour, string? segment, double sum, long count, long refusals, long scored) =>
            new(T0.AddHours(hour), segment, 100, 900, sum, count, refusals, scored);

        var rows = new[] { S(0, null, 80, 100, 5, 100), S(0, "ja", 10, 25, 4, 25), S(0, "en", 70, 75, 1, 75), S(1, null, 0, 0, 0, 0) };
        var quality = check.Periods(rows, DisparityMetric.MeanQuality);
        var refusals = check.Periods(rows, DisparityMetric.RefusalShare);

        var period = Assert.Single(quality);
        Assert.Equal((new TimeRange(T0, T0.AddHours(1)), 100L, 0.8), (period.Period, period.Count, period.Whole));
        Assert.Equal([("en", 75L, 70 / 75.0), ("ja", 25L, 0.4)], period.Segments.OrderBy(s => s.Segment, StringComparer.Ordinal).Select(s => (s.Segment, s.Count, s.Value)));
        Assert.Equal(0.16, Assert.Single(refusals).Segments.Single(s => s.Segment == "ja").Value, 9);
    }
}
