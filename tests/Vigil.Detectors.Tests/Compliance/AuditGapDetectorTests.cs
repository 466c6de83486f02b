using Vigil.Core.Detection;
using Vigil.Core.Queries;
using Vigil.Detectors.Compliance;

namespace Vigil.Detectors.Tests.Compliance;

/// <summary>The share of spans missing each required attribute, per feature; new or persisting gaps.</summary>
public sealed class AuditGapDetectorTests
{
    private static readonly TimeRange Week = new(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));
    private static readonly TimeRange Today = new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private static readonly string[] Required = ["user.id", "vigil.release", "vigil.prompt_version"];

    private static AuditCounts Counts(string feature, long spans, params (string Attribute, long Missing)[] missing) =>
        new(feature, spans, missing.ToDictionary(m => m.Attribute, m => m.Missing));

    private readonly IReadOnlyList<Finding> _findings = new AuditGapDetector().Evaluate(
        [Counts("checkout", 1000, ("user.id", 1)), Counts("search", 1000, ("vigil.release", 30))],
        [Counts("checkout", 1200, ("user.id", 37), ("vigil.release", 12)), Counts("search", 1000, ("vigil.release", 25)), Counts("tiny", 50, ("user.id", 50)), Counts("fresh", 400, ("vigil.prompt_version", 40))],
        Required, Week, Today);

    private Finding Of(string feature, string attribute) => Assert.Single(_findings, f => f.Subject["feature"] == feature && f.Subject["attribute"] == attribute);

    [Fact]
    public void MissingUser_3Percent_AlertsAsNew_WhenTheBaselineHad0Point1Percent()
    {
        var finding = Of("checkout", "user.id");
        Assert.Equal((FindingState.Alert, "missing_share", 0.01), (finding.State, finding.Statistic, finding.Threshold!.Value));
        Assert.Equal(37.0 / 1200, finding.Value!.Value, 12);
        Assert.Equal(("audit_gap", "audit_gap"), (finding.Detector, finding.IncidentClass));
        Assert.Equal("feature checkout: 37 of 1200 spans (3.08%) lack 'user.id', above the 1% allowed; new: the baseline had 0.1% (1 of 1000)", finding.Explanation);
        Assert.Equal((Week, Today), (finding.Reference, finding.Current));
    }

    [Fact]
    public void MissingRelease_2Point5Percent_AlertsAsPersisting_WhenTheBaselineHad3Percent()
    {
        var finding = Of("search", "vigil.release");
        Assert.Equal(FindingState.Alert, finding.State);
        Assert.EndsWith("persisting: the baseline had 3% (30 of 1000)", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ExactlyOnePercent_OrNoneMissing_IsOk()
    {
        Assert.Equal((FindingState.Ok, 0.01), (Of("checkout", "vigil.release").State, Of("checkout", "vigil.release").Value!.Value));
        Assert.Equal((FindingState.Ok, 0.0), (Of("checkout", "vigil.prompt_version").State, Of("checkout", "vigil.prompt_version").Value!.Value));
    }

    [Fact]
    public void FeatureWithoutABaseline_IsNew()
    {
        var finding = Of("fresh", "vigil.prompt_version");
        Assert.Equal(FindingState.Alert, finding.State);
        Assert.EndsWith("(10%) lack 'vigil.prompt_version', above the 1% allowed; new: the baseline has 0 spans of this feature, too few to say it was complete", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void FewSpans_IsInsufficientData_ForEveryAttribute()
    {
        var tiny = _findings.Where(f => f.Subject["feature"] == "tiny").ToList();
        Assert.Equal(3, tiny.Count);
        Assert.All(tiny, f => Assert.Equal(FindingState.InsufficientData, f.State));
        Assert.Contains("50 spans in the window; at least 100", tiny[0].Explanation, StringComparison.Ordinal);
        Assert.Equal(4 * 3, _findings.Count);
    }
}
