using Vigil.Core.Queries;
using Vigil.Detectors.Vendors;

namespace Vigil.Detectors.Tests.Vendors;

/// <summary>Each (provider, model) against its own baseline; hand-computed z, ratios and drops.</summary>
public sealed class VendorDegradationDetectorTests
{
    private static readonly TimeRange Baseline = new(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));
    private static readonly TimeRange Now = new(new DateTimeOffset(2026, 11, 29, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));

    private static VendorWindow Window(int calls, int errors, double? p95 = null, double? ttft = null, double? quality = null, int qualityCount = 0) => new()
    {
        Provider = "openai",
        Model = "gpt-4o",
        Calls = calls,
        Errors = errors,
        LatencyP95Ms = p95,
        TtftP95Ms = ttft,
        MeanQuality = quality,
        QualityCount = qualityCount,
        ExampleTraceIds = ["t1"],
    };

    private static Finding Only(IReadOnlyList<Finding> findings, string statistic) => Assert.Single(findings, f => f.Statistic == statistic);

    [Fact]
    public void ErrorRatio_From1To4Percent_AlertsWithZ3Point91()
    {
        // p1 = 20/500 = 0.04, p2 = 10/1000 = 0.01, pooled 30/1500 = 0.02; se = √(0.02·0.98·(1/500 + 1/1000)) = 0.0076681; z = 0.03/se = 3.9123.
        var finding = Only(new VendorDegradationDetector().Evaluate([Window(1000, 10)], [Window(500, 20)], Baseline, Now), "error_ratio_rise");
        Assert.Equal(FindingState.Alert, finding.State);
        Assert.Equal(0.03, finding.Value!.Value, 12);
        Assert.Equal(0.02, finding.Threshold);
        Assert.Equal(("vendor_degradation", "vendor_degradation"), (finding.Detector, finding.IncidentClass));
        Assert.Equal("openai", finding.Subject["provider"]);
        Assert.Equal("gpt-4o", finding.Subject["model"]);
        Assert.Contains("4% (20 of 500 calls) against 1% (10 of 1000)", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("+3 points, z = 3.91", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(["t1"], finding.ExampleTraceIds);
        Assert.Equal((Baseline, Now), (finding.Reference, finding.Current));
    }

    [Fact]
    public void ErrorRatio_SignificantButBelowTheMinimumRise_IsOk()
    {
        // 1.00 % → 1.15 % over 100,000 calls each: z = 0.0015/√(0.01075·0.98925·2e-5) = 3.25, p = 0.0011 < 0.01, but +0.15 points < 2.
        var finding = Only(new VendorDegradationDetector().Evaluate([Window(100_000, 1000)], [Window(100_000, 1150)], Baseline, Now), "error_ratio_rise");
        Assert.Equal(FindingState.Ok, finding.State);
        Assert.Contains("z = 3.25", finding.Explanation, StringComparison.Ordinal);
        Assert.Empty(finding.ExampleTraceIds);
    }

    [Fact]
    public void ErrorRatio_LargeRiseOnFewCalls_IsNotSignificant()
    {
        // 0/100 → 3/100: pooled 0.015, z = 0.03/√(0.015·0.985·0.02) = 1.745, p = 0.081.
        var finding = Only(new VendorDegradationDetector().Evaluate([Window(100, 0)], [Window(100, 3)], Baseline, Now), "error_ratio_rise");
        Assert.Equal(FindingState.Ok, finding.State);
        Assert.Contains("z = 1.75", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void P95Latency_1Point625Times_Alerts_TtftAt1Point4Times_DoesNot()
    {
        var findings = new VendorDegradationDetector().Evaluate([Window(1000, 10, p95: 800, ttft: 300)], [Window(1000, 10, p95: 1300, ttft: 420)], Baseline, Now);
        var latency = Only(findings, "p95_latency_ratio");
        Assert.Equal((FindingState.Alert, 1.625, 1.5), (latency.State, latency.Value!.Value, latency.Threshold!.Value));
        Assert.Contains("p95 latency 1300 ms against 800 ms in the baseline, 1.63×", latency.Explanation, StringComparison.Ordinal);
        var ttft = Only(findings, "ttft_p95_ratio");
        Assert.Equal(FindingState.Ok, ttft.State);
        Assert.Equal(1.4, ttft.Value!.Value, 12);
    }

    [Fact]
    public void P95Latency_FromASample_UsesLinearInterpolation()
    {
        // 1..100 ms: h = 99·0.95 = 94.05 → 95 + 0.05·(96 − 95) = 95.05; the current sample is doubled: 190.1, ratio 2.
        var sample = Enumerable.Range(1, 100).Select(i => (double)i).ToList();
        var reference = Window(1000, 10) with { LatencySampleMs = sample };
        var current = Window(1000, 10) with { LatencySampleMs = sample.Select(x => 2 * x).ToList() };
        Assert.Equal(95.05, reference.P95Latency!.Value, 9);
        var finding = Only(new VendorDegradationDetector().Evaluate([reference], [current], Baseline, Now), "p95_latency_ratio");
        Assert.Equal((FindingState.Alert, 2.0), (finding.State, Math.Round(finding.Value!.Value, 9)));
    }

    [Fact]
    public void Quality_DropOf0Point12_Alerts_FewScores_AreInsufficient()
    {
        var drop = Only(new VendorDegradationDetector().Evaluate([Window(1000, 0, quality: 0.82, qualityCount: 200)], [Window(1000, 0, quality: 0.70, qualityCount: 150)], Baseline, Now), "quality_drop");
        Assert.Equal(FindingState.Alert, drop.State);
        Assert.Equal(0.12, drop.Value!.Value, 12);
        Assert.Contains("mean quality 0.7 (150 scored) against 0.82 (200)", drop.Explanation, StringComparison.Ordinal);

        var few = Only(new VendorDegradationDetector().Evaluate([Window(1000, 0, quality: 0.82, qualityCount: 200)], [Window(1000, 0, quality: 0.50, qualityCount: 20)], Baseline, Now), "quality_drop");
        Assert.Equal(FindingState.InsufficientData, few.State);
        Assert.Contains("20 scored calls now", few.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Steady_EverySignalIsOk()
    {
        var findings = new VendorDegradationDetector().Evaluate(
            [Window(2000, 20, p95: 900, ttft: 300, quality: 0.8, qualityCount: 100)],
            [Window(1000, 11, p95: 950, ttft: 310, quality: 0.78, qualityCount: 100)], Baseline, Now);
        Assert.Equal(["error_ratio_rise", "p95_latency_ratio", "ttft_p95_ratio", "quality_drop"], findings.Select(f => f.Statistic));
        Assert.All(findings, f => Assert.Equal(FindingState.Ok, f.State));
    }

    [Fact]
    public void FewCalls_OrNoBaseline_IsInsufficientData_NeverAnAlert()
    {
        var few = Assert.Single(new VendorDegradationDetector().Evaluate([Window(1000, 0)], [Window(99, 50)], Baseline, Now));
        Assert.Equal((FindingState.InsufficientData, "calls", 99.0, 100.0), (few.State, few.Statistic, few.Value!.Value, few.Threshold!.Value));
        Assert.Contains("99 calls now and 1000 in the baseline; at least 100 each", few.Explanation, StringComparison.Ordinal);

        var none = Assert.Single(new VendorDegradationDetector().Evaluate([], [Window(1000, 500)], Baseline, Now));
        Assert.Equal(FindingState.InsufficientData, none.State);
        Assert.Contains("none in the baseline", none.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_LowerMinimumCalls_ComparesSmallWindows()
    {
        var finding = Only(new VendorDegradationDetector(new VendorDegradationOptions { MinimumCalls = 50 }).Evaluate([Window(60, 0)], [Window(60, 0)], Baseline, Now), "error_ratio_rise");
        Assert.Equal(FindingState.Ok, finding.State);
    }
}
