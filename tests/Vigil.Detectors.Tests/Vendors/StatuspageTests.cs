using Vigil.Core.Queries;
using Vigil.Detectors.Vendors;

namespace Vigil.Detectors.Tests.Vendors;

/// <summary>The Atlassian Statuspage summary (/api/v2/summary.json) parsed from a hand-written fixture, and read for a provider.</summary>
public sealed class StatuspageTests
{
    private static readonly DateTimeOffset ObservedAt = new(2026, 11, 29, 7, 45, 0, TimeSpan.Zero);

    private static string Fixture()
    {
        using var stream = typeof(StatuspageTests).Assembly.GetManifestResourceStream("Vigil.Detectors.Tests.Vendors.statuspage-summary.json")
            ?? throw new InvalidOperationException("the fixture is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Fact]
    public void Parse_Fixture_ReadsPageIndicatorComponentsAndOpenIncidents()
    {
        var summary = StatuspageSummary.Parse(Fixture());

        Assert.Equal(("Example AI", "https://status.example-ai.test"), (summary.PageName, summary.PageUrl));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 7, 41, 12, 318, TimeSpan.Zero), summary.UpdatedAt);
        Assert.Equal((StatusIndicator.Critical, "Major System Outage"), (summary.Indicator, summary.Description));
        Assert.Equal(
            [ComponentStatus.PartialOutage, ComponentStatus.PartialOutage, ComponentStatus.DegradedPerformance, ComponentStatus.Operational, ComponentStatus.UnderMaintenance, ComponentStatus.MajorOutage],
            summary.Components.Select(c => c.Status));
        Assert.True(summary.Components[0].IsGroup);
        Assert.Equal("grp1x0api000", summary.Components[1].GroupId);

        Assert.Equal(2, summary.Incidents.Count);
        var chat = summary.Incidents[0];
        Assert.Equal(("Elevated error rates on Chat Completions", "identified", StatusIndicator.Major), (chat.Name, chat.Status, chat.Impact));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 7, 41, 12, 250, TimeSpan.Zero), chat.UpdatedAt);
        Assert.Equal(["chat0000comp"], chat.ComponentIds);
        Assert.Equal(StatusIndicator.Critical, summary.Incidents[1].Impact);

        var maintenance = Assert.Single(summary.MaintenancesInProgress);
        Assert.Equal("Fine-tuning storage migration", maintenance.Name);
    }

    [Fact]
    public void Parse_ResolvedIncidentsAndUnknownValues_AreDroppedOrKeptAsUnknown()
    {
        const string json = """
            {"page":{"name":"P"},"status":{"indicator":"catastrophic"},
             "components":[{"id":"a","name":"A","status":"on_fire"}],
             "incidents":[{"id":"i","name":"old","status":"resolved","impact":"major"},{"id":"j","name":"new","status":"investigating","impact":"minor"}]}
            """;
        var summary = StatuspageSummary.Parse(json);
        Assert.Equal(StatusIndicator.Unknown, summary.Indicator);
        Assert.Equal(ComponentStatus.Unknown, summary.Components[0].Status);
        Assert.Equal("new", Assert.Single(summary.Incidents).Name);
        Assert.Empty(summary.MaintenancesInProgress);
    }

    [Theory]
    [InlineData("{\"page\":{\"name\":\"P\"}}", "'status'")]
    [InlineData("{\"page\":{},\"status\":{\"indicator\":\"none\"}}", "'page.name'")]
    [InlineData("{\"page\":{\"name\":\"P\"},\"status\":{\"indicator\":\"none\"},\"components\":[{\"id\":\"a\",\"name\":\"A\"}]}", "'components[0].status'")]
    [InlineData("{\"page\":", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    public void Parse_Malformed_ThrowsFormatExceptionNamingTheField(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StatuspageSummary.Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detector_MappedComponents_OutageDegradationOkMaintenanceAndMissing()
    {
        var summary = StatuspageSummary.Parse(Fixture());
        var findings = VendorStatusDetector.Evaluate(summary, new VendorStatusMapping("example", ["Chat Completions", "embeddings", "Batch", "fine0000comp", "Realtime"]), ObservedAt);

        Assert.Equal(
            [(FindingState.Alert, 3.0, "vendor_outage"), (FindingState.Alert, 2.0, "vendor_degradation"), (FindingState.Ok, 0.0, "vendor_outage"), (FindingState.Ok, 1.0, "vendor_outage"), (FindingState.InsufficientData, -1.0, "vendor_degradation")],
            findings.Select(f => (f.State, f.Value ?? -1.0, f.IncidentClass)));
        Assert.All(findings, f => Assert.Equal(("vendor_status", "component_status", 2.0), (f.Detector, f.Statistic, f.Threshold!.Value)));
        Assert.Equal(
            "example: 'Chat Completions' on 'Example AI' is in a partial outage (partial_outage); open: 'Elevated error rates on Chat Completions' (identified, impact major, updated 2026-11-29 07:41 UTC)",
            findings[0].Explanation);
        Assert.Equal(("example", "Example AI", "Chat Completions"), (findings[0].Subject["provider"], findings[0].Subject["page"], findings[0].Subject["component"]));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 7, 41, 12, 318, TimeSpan.Zero), findings[0].Current.From);
        Assert.Equal(ObservedAt, findings[0].Current.To);
        Assert.EndsWith("is degraded (degraded_performance); no open incident", findings[1].Explanation, StringComparison.Ordinal);
        Assert.Contains("lists no component 'Realtime'", findings[4].Explanation, StringComparison.Ordinal);
        Assert.EndsWith("is under maintenance; open: 'Fine-tuning storage migration' (in_progress, impact unknown, updated 2026-11-29 06:00 UTC)", findings[3].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Detector_NoComponentsMapped_ThePageIndicatorDecides()
    {
        var critical = Assert.Single(VendorStatusDetector.Evaluate(StatuspageSummary.Parse(Fixture()), new VendorStatusMapping("example", []), ObservedAt));
        Assert.Equal((FindingState.Alert, 4.0, "vendor_outage"), (critical.State, critical.Value!.Value, critical.IncidentClass));
        Assert.Contains("reports 'Major System Outage' (indicator critical); open: 'Elevated error rates", critical.Explanation, StringComparison.Ordinal);

        var calm = StatuspageSummary.Parse("""{"page":{"name":"Calm"},"status":{"indicator":"none","description":"All Systems Operational"},"components":[],"incidents":[]}""");
        var ok = Assert.Single(VendorStatusDetector.Evaluate(calm, new VendorStatusMapping("calm", []), ObservedAt));
        Assert.Equal((FindingState.Ok, 0.0), (ok.State, ok.Value!.Value));
        Assert.Equal(new TimeRange(ObservedAt, ObservedAt), ok.Current);

        var minor = StatuspageSummary.Parse("""{"page":{"name":"M"},"status":{"indicator":"minor"}}""");
        Assert.Equal("vendor_degradation", Assert.Single(VendorStatusDetector.Evaluate(minor, new VendorStatusMapping("m", []), ObservedAt)).IncidentClass);
    }
}
