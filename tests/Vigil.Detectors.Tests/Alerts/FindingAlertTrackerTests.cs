using Vigil.Core.Alerts;
using Vigil.Core.Queries;
using Vigil.Core.Slos;
using Vigil.Detectors.Alerts;

namespace Vigil.Detectors.Tests.Alerts;

public sealed class FindingAlertTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    [Fact]
    public void An_alerting_finding_is_pending_until_it_has_held_for_the_rule_then_fires()
    {
        var tracker = new FindingAlertTracker("p1", new AlertRules { For = TimeSpan.FromMinutes(10) });

        tracker.Observe([Finding(FindingState.Alert)], T0);
        Assert.Equal(AlertState.Pending, Assert.Single(tracker.Alerts).State);
        tracker.Observe([Finding(FindingState.Alert)], T0 + Step);
        Assert.Equal(AlertState.Pending, Assert.Single(tracker.Alerts).State);
        tracker.Observe([Finding(FindingState.Alert, value: 3.5)], T0 + (2 * Step));

        var alert = Assert.Single(tracker.Alerts);
        Assert.Equal((AlertState.Firing, T0, T0 + (2 * Step)), (alert.State, alert.ActiveAt, alert.FiringAt));
        Assert.Equal(("vendor_degradation/p95_latency_ratio", "vendor_degradation", "page", "openai"), (alert.Rule, alert.Class, alert.Severity, alert.Provider));
        Assert.Equal(3.5, Assert.IsType<FindingEvidence>(alert.Evidence).Value);
        Assert.Equal(AlertSource.Detector, alert.Source);
    }

    [Fact]
    public void A_zero_for_fires_at_the_first_alerting_evaluation()
    {
        var tracker = new FindingAlertTracker("p1", new AlertRules { For = TimeSpan.Zero });

        tracker.Observe([Finding(FindingState.Alert)], T0);

        Assert.Equal(AlertState.Firing, Assert.Single(tracker.Alerts).State);
    }

    [Fact]
    public void Ok_resolves_a_firing_alert_and_drops_a_pending_one_without_a_trace()
    {
        var tracker = new FindingAlertTracker("p1", new AlertRules { For = TimeSpan.FromMinutes(10) });
        tracker.Observe([Finding(FindingState.Alert, provider: "openai"), Finding(FindingState.Alert, provider: "anthropic")], T0);
        tracker.Observe([Finding(FindingState.Alert, provider: "openai")], T0 + TimeSpan.FromMinutes(10));

        tracker.Observe([Finding(FindingState.Ok, provider: "openai"), Finding(FindingState.Ok, provider: "anthropic")], T0 + TimeSpan.FromMinutes(15));

        var resolved = Assert.Single(tracker.Alerts);
        Assert.Equal(("openai", AlertState.Resolved, T0 + TimeSpan.FromMinutes(15)), (resolved.Provider, resolved.State, resolved.ResolvedAt));
    }

    [Fact]
    public void Insufficient_data_and_a_missing_subject_hold_the_state_and_never_fire_by_themselves()
    {
        var tracker = new FindingAlertTracker("p1", new AlertRules { For = TimeSpan.FromMinutes(10) });
        tracker.Observe([Finding(FindingState.InsufficientData)], T0);
        Assert.Empty(tracker.Alerts);

        tracker.Observe([Finding(FindingState.Alert)], T0 + Step);
        tracker.Observe([Finding(FindingState.InsufficientData)], T0 + TimeSpan.FromHours(1));
        tracker.Observe([], T0 + TimeSpan.FromHours(2));

        var alert = Assert.Single(tracker.Alerts);
        Assert.Equal(AlertState.Pending, alert.State);
        Assert.Equal("insufficient_data", Assert.IsType<FindingEvidence>(alert.Evidence).LatestState);
    }

    [Fact]
    public void Resolved_alerts_are_kept_for_a_day_and_a_new_onset_is_a_new_alert()
    {
        var tracker = new FindingAlertTracker("p1", new AlertRules { For = TimeSpan.Zero });
        tracker.Observe([Finding(FindingState.Alert)], T0);
        tracker.Observe([Finding(FindingState.Ok)], T0 + Step);
        tracker.Observe([Finding(FindingState.Alert)], T0 + TimeSpan.FromHours(3));

        Assert.Equal(2, tracker.Alerts.Count);
        Assert.NotEqual(tracker.Alerts[0].Id, tracker.Alerts[1].Id);

        tracker.Observe([Finding(FindingState.Alert)], T0 + TimeSpan.FromHours(25));
        Assert.Equal(AlertState.Firing, Assert.Single(tracker.Alerts).State);
    }

    [Theory]
    [InlineData("cost_spike", null, "ticket")]
    [InlineData("vendor_outage", null, "page")]
    [InlineData("cost_spike", "page", "page")]
    public void Severity_comes_from_the_class_unless_configured(string incidentClass, string? configured, string expected)
    {
        var rules = new AlertRules
        {
            Severity = configured is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [incidentClass] = configured },
        };

        Assert.Equal(expected, rules.SeverityOf(incidentClass));
    }

    [Fact]
    public void The_key_is_the_detector_statistic_and_subject_in_label_order()
    {
        var a = Finding(FindingState.Alert) with { Subject = Vigil.Detectors.Finding.Labels(("provider", "openai"), ("model", "gpt-4o")) };
        var b = Finding(FindingState.Alert) with { Subject = Vigil.Detectors.Finding.Labels(("model", "gpt-4o"), ("provider", "openai")) };

        Assert.Equal(FindingAlertTracker.Key(a), FindingAlertTracker.Key(b));
        Assert.Equal("vendor_degradation|p95_latency_ratio|model=gpt-4o|provider=openai", FindingAlertTracker.Key(a));
    }

    private static Finding Finding(FindingState state, string provider = "openai", double value = 2) => new()
    {
        Detector = "vendor_degradation",
        Subject = Vigil.Detectors.Finding.Labels(("provider", provider), ("model", "gpt-4o")),
        State = state,
        Statistic = "p95_latency_ratio",
        Value = value,
        Threshold = 1.5,
        Reference = new TimeRange(T0 - TimeSpan.FromDays(1), T0),
        Current = new TimeRange(T0, T0 + Step),
        Explanation = "p95 latency moved",
        IncidentClass = "vendor_degradation",
    };
}
