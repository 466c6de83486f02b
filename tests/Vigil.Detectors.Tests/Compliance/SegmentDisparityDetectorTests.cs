using Vigil.Core.Queries;
using Vigil.Detectors.Compliance;

namespace Vigil.Detectors.Tests.Compliance;

/// <summary>Per-segment disparity against the whole (difference and ratio) and its trend (Theil–Sen, Mann–Kendall), hand-computed.</summary>
public sealed class SegmentDisparityDetectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static TimeRange Day(int i) => new(Start.AddDays(i), Start.AddDays(i + 1));

    private static DisparityPeriod Period(int day, double whole, params SegmentValue[] segments) => new(Day(day), 1000, whole, segments);

    private static Finding Level(IReadOnlyList<Finding> findings, string segment) =>
        Assert.Single(findings, f => f.Subject["segment"] == segment && !f.Statistic.EndsWith("_trend", StringComparison.Ordinal));

    private static Finding Trend(IReadOnlyList<Finding> findings, string segment) =>
        Assert.Single(findings, f => f.Subject["segment"] == segment && f.Statistic.EndsWith("_trend", StringComparison.Ordinal));

    [Fact]
    public void Quality_0Point15BelowTheWhole_Alerts_0Point02Above_IsOk_FewCalls_Insufficient()
    {
        var findings = new SegmentDisparityDetector().Evaluate(DisparityMetric.MeanQuality,
            [Period(0, 0.80, new("de", 400, 0.82), new("fr", 200, 0.65), new("ja", 30, 0.40))], "locale");

        var fr = Level(findings, "fr");
        Assert.Equal((FindingState.Alert, "quality_gap", 0.1), (fr.State, fr.Statistic, fr.Threshold!.Value));
        Assert.Equal(0.15, fr.Value!.Value, 12);
        Assert.Equal(("compliance_drift", "compliance_drift", "locale", "mean_quality"), (fr.Detector, fr.IncidentClass, fr.Subject["dimension"], fr.Subject["metric"]));
        Assert.Equal("locale fr: mean_quality 0.65 over 200 calls against 0.8 for all 1000, difference -0.15, ratio 0.81×; alert at 0.1 or more below", fr.Explanation);

        var de = Level(findings, "de");
        Assert.Equal(FindingState.Ok, de.State);
        Assert.Equal(-0.02, de.Value!.Value, 12);

        var ja = Level(findings, "ja");
        Assert.Equal(FindingState.InsufficientData, ja.State);
        Assert.Contains("30 calls in the period; at least 50", ja.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusalShare_TwiceTheWhole_Alerts_ButNotWhenTheDifferenceIsTiny()
    {
        var alert = Level(new SegmentDisparityDetector().Evaluate(DisparityMetric.RefusalShare, [Period(0, 0.04, new SegmentValue("tr", 500, 0.08))]), "tr");
        Assert.Equal((FindingState.Alert, "refusal_ratio", 2.0, 1.5), (alert.State, alert.Statistic, alert.Value!.Value, alert.Threshold!.Value));
        Assert.Contains("refusal_share 8% over 500 calls against 4% for all 1000, difference 4%, ratio 2×", alert.Explanation, StringComparison.Ordinal);

        // 0.4 % against 0.2 %: ratio 2, but only 0.2 points apart (< 1 point).
        var tiny = Level(new SegmentDisparityDetector().Evaluate(DisparityMetric.RefusalShare, [Period(0, 0.002, new SegmentValue("tr", 500, 0.004))]), "tr");
        Assert.Equal((FindingState.Ok, 2.0), (tiny.State, tiny.Value!.Value));
    }

    [Fact]
    public void LatencyP95_1Point6TimesTheWhole_Alerts_1Point2Times_IsOk()
    {
        var findings = new SegmentDisparityDetector().Evaluate(DisparityMetric.LatencyP95, [Period(0, 1000, new("br", 300, 1600), new("us", 600, 1200))]);
        Assert.Equal((FindingState.Alert, 1.6), (Level(findings, "br").State, Level(findings, "br").Value!.Value));
        Assert.Equal((FindingState.Ok, 1.2), (Level(findings, "us").State, Level(findings, "us").Value!.Value));
    }

    [Fact]
    public void Trend_GapWidening0Point01PerDay_AlertsBeforeTheLevelDoes()
    {
        // Gaps 0.01 … 0.06 over six days: S = 15, Var S = 6·5·17/18 = 28.33, z = 14/√28.33 = 2.630, p = 0.0085; Theil–Sen slope 0.01.
        var periods = Enumerable.Range(0, 6).Select(i => Period(i, 0.80, new SegmentValue("fr", 200, 0.80 - (0.01 * (i + 1))))).ToList();
        var findings = new SegmentDisparityDetector().Evaluate(DisparityMetric.MeanQuality, periods, "locale");

        Assert.Equal(FindingState.Ok, Level(findings, "fr").State);
        var trend = Trend(findings, "fr");
        Assert.Equal((FindingState.Alert, "quality_gap_trend", 0.05), (trend.State, trend.Statistic, trend.Threshold!.Value));
        Assert.Equal(0.008535, trend.Value!.Value, 5);
        Assert.Contains("went 0.01 → 0.02 → 0.03 → 0.04 → 0.05 → 0.06 over 6 periods, Theil–Sen slope +0.01 per period, Mann–Kendall S = 15, p = 0.0085", trend.Explanation, StringComparison.Ordinal);
        Assert.Equal(new TimeRange(Day(0).From, Day(5).To), trend.Reference);
        Assert.Equal(Day(5), trend.Current);
    }

    [Fact]
    public void Trend_Fluctuating_IsOk()
    {
        // Gaps 0.02 0.05 0.01 0.04 0.03 0.02: S = −2, one pair tied: Var S = (510 − 18)/18 = 27.33, z = −1/√27.33 = −0.19, p = 0.85.
        double[] gaps = [0.02, 0.05, 0.01, 0.04, 0.03, 0.02];
        var periods = gaps.Select((g, i) => Period(i, 0.80, new SegmentValue("fr", 200, 0.80 - g))).ToList();
        var trend = Trend(new SegmentDisparityDetector().Evaluate(DisparityMetric.MeanQuality, periods), "fr");
        Assert.Equal(FindingState.Ok, trend.State);
        Assert.Equal(0.848, trend.Value!.Value, 3);
    }

    [Fact]
    public void Trend_TooFewPeriodsWithEnoughCalls_IsInsufficientData()
    {
        var periods = Enumerable.Range(0, 6).Select(i => Period(i, 0.8, new SegmentValue("fr", i < 3 ? 10 : 200, 0.7))).ToList();
        var trend = Trend(new SegmentDisparityDetector().Evaluate(DisparityMetric.MeanQuality, periods), "fr");
        Assert.Equal(FindingState.InsufficientData, trend.State);
        Assert.Contains("3 of the last 6 periods have 50+ calls; a trend needs 5", trend.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void MannKendall_MatchesTheHandComputation()
    {
        var result = TrendTest.MannKendall([1.0, 2, 3, 4, 5]);
        // S = 10, Var S = 5·4·15/18 = 16.67, z = 9/√16.67 = 2.2045, p = 0.0275.
        Assert.Equal((10, 1.0), (result.S, result.Slope));
        Assert.Equal(2.2045, result.Z, 4);
        Assert.Equal(0.0275, result.PValue, 4);
    }
}
