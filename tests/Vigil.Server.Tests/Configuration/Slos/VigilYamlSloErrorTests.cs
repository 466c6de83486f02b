using Vigil.Server.Configuration;

namespace Vigil.Server.Tests.Configuration.Slos;

public sealed class VigilYamlSloErrorTests
{
    private static IReadOnlyList<string> Errors(string yaml) =>
        Assert.Throws<ConfigurationException>(() => VigilConfigLoader.Parse(yaml, "vigil.yaml")).Errors;

    private static string Error(string yaml) => Assert.Single(Errors(yaml));

    [Fact]
    public void Window_NotADuration_IsAnErrorAtItsKey()
    {
        var error = Error("""
            slos:
              - { name: a, feature: f, indicator: { kind: availability }, objective: 0.99, window: 3x }
            """);

        Assert.StartsWith("slos[0].window: '3x' is not a duration", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Kind_Unknown_IsAnErrorListingTheKinds()
    {
        var error = Error("""
            slos:
              - { name: a, feature: f, indicator: { kind: speed }, objective: 0.99 }
            """);

        Assert.Equal("slos[0].indicator.kind: 'speed' is not one of quality, cost_per_task, hallucination, latency, cache_hit, availability, ratio", error);
    }

    [Fact]
    public void Latency_WithoutThreshold_IsAnErrorAtTheThreshold()
    {
        var error = Error("""
            slos:
              - { name: a, feature: f, indicator: { kind: latency }, objective: 0.99 }
            """);

        Assert.StartsWith("slos[0].indicator.threshold: a latency SLI needs a positive duration", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Latency_ThresholdNotADuration_IsOneErrorNotTwo()
    {
        var error = Error("""
            slos:
              - { name: a, feature: f, indicator: { kind: latency, threshold: fast }, objective: 0.99 }
            """);

        Assert.StartsWith("slos[0].indicator.threshold: 'fast' is not a duration", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Objective_AboveOne_IsAnErrorFromTheSlosOwnChecks()
    {
        var error = Error("""
            slos:
              - { name: a, feature: f, indicator: { kind: availability }, objective: 1.5 }
            """);

        Assert.StartsWith("slos[0].objective: 1.5 must be strictly between 0 and 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Objective_PercentWithoutPercentSign_IsAnErrorShowingTheRatio()
    {
        var error = Error("""
            slos:
              - { name: a, feature: f, indicator: { kind: availability }, objective: 99.9 }
            """);

        Assert.Contains("slos[0].objective: 99.9 must be strictly between 0 and 1 (99.9 % is 0.999)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Objective_NotANumber_IsAnErrorGivingBothForms()
    {
        var error = Error("""
            slos:
              - { name: a, feature: f, indicator: { kind: availability }, objective: high }
            """);

        Assert.Equal("slos[0].objective: 'high' is not a ratio or a percentage (e.g. 0.999 or \"99.9%\")", error);
    }

    [Fact]
    public void UnknownKey_InAnIndicator_IsAnErrorListingTheKnownKeys()
    {
        var errors = Errors("""
            slos:
              - { name: a, feature: f, indicator: { kind: latency, treshold: 2s }, objective: 0.99 }
            """);

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("slos[0].indicator.treshold: unknown key (expected one of: kind, stage,", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("slos[0].indicator.threshold: a latency SLI needs", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKey_InAnSlo_IsAnError()
    {
        var error = Error("""
            slos:
              - { name: a, feature: f, indicator: { kind: availability }, objective: 0.99, windw: 7d }
            """);

        Assert.StartsWith("slos[0].windw: unknown key (expected one of: name, feature, indicator, objective, window,", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFeatureAndName_AreErrorsAtTheSlosKeys()
    {
        var errors = Errors("""
            slos:
              - { indicator: { kind: availability }, objective: 0.99 }
            """);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("slos[0].name: required", StringComparison.Ordinal));
        Assert.Contains("slos[0].feature: required", errors);
    }

    [Fact]
    public void ParametersOfAnotherKind_AreErrors()
    {
        var errors = Errors("""
            slos:
              - name: a
                feature: f
                indicator: { kind: availability, threshold: 2s, evaluations: [x], good: { ok: true }, percentile: 99 }
                objective: 0.99
            """);

        Assert.Equal(
            [
                "slos[0].indicator.threshold: an availability SLI takes no threshold",
                "slos[0].indicator.evaluations: only quality and hallucination SLIs read evaluations, not an availability SLI",
                "slos[0].indicator.good: only ratio SLIs take good-event conditions, not an availability SLI",
                "slos[0].indicator.percentile: only cost_per_task SLIs take a percentile, not an availability SLI",
            ],
            errors);
    }

    [Fact]
    public void DuplicateNames_InOneProject_AreAnErrorNamingBothPlaces()
    {
        var error = Error("""
            slos:
              - { name: a, feature: f, indicator: { kind: availability }, objective: 0.99 }
              - { name: a, project: other, feature: f, indicator: { kind: availability }, objective: 0.99 }
              - { name: a, feature: g, indicator: { kind: availability }, objective: 0.9 }
            """);

        Assert.Equal("slos[2].name: SLO 'a' of project 'default' is already defined at vigil.yaml slos[0]", error);
    }

    [Fact]
    public void Period_LongerThanSpanRetention_IsAnErrorSayingWhichKeyToRaise()
    {
        var error = Error("""
            retention: { spans: 14d }
            slos:
              - { name: a, feature: f, indicator: { kind: availability }, objective: 0.99, window: 28d }
            """);

        Assert.Contains("slo 'a' (project default)", error, StringComparison.Ordinal);
        Assert.Contains("raise retention.spans to at least 4w", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CalendarMonth_WithThirtyDaysOfSpans_NeedsThirtyOne()
    {
        var error = Error("""
            retention: { spans: 30d }
            slos:
              - { name: a, feature: f, indicator: { kind: availability }, objective: 0.99, window: calendar-month }
            """);

        Assert.Contains("raise retention.spans to at least 31d", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BadValuesAcrossSeveralSlos_AreAllReportedAtOnce()
    {
        var errors = Errors("""
            sloEvaluation: { interval: 500ms }
            slos:
              - name: Bad_Name
                feature: f
                indicator: { kind: ratio, stage: thinking }
                objective: 0.99
                window: { duration: 7d, timeZone: Mars/Olympus }
              - name: b
                feature: f
                indicator: { kind: latency, threshold: 1s }
                objective: 0.99
                budgeting: timeslices
                timeslice: { window: 90s }
                alerting:
                  for: soon
                  budgetExhausted: { severity: critical }
                  pairs:
                    - { severity: sms, longWindow: 1h, burnRate: 10 }
                    - { severity: page, longWindow: 6h }
            """);

        foreach (var key in new[]
        {
            "sloEvaluation.interval: must be at least 1s",
            "slos[0].name: 'Bad_Name' must be",
            "slos[0].indicator.stage: 'thinking' is not a stage",
            "slos[0].indicator.good: a ratio SLI needs",
            "slos[0].window.timeZone: 'Mars/Olympus' is not a known time zone",
            "slos[1].timeslice.window: must be a whole number of minutes",
            "slos[1].timeslice.target: a Timeslices SLO needs a slice target",
            "slos[1].alerting.for: 'soon' is not a duration",
            "slos[1].alerting.budgetExhausted.severity: 'critical' is not page or ticket",
            "slos[1].alerting.pairs[0].severity: 'sms' is not page or ticket",
            "slos[1].alerting.pairs[1]: give exactly one of burnRate or budgetShare",
        })
        {
            Assert.Contains(errors, e => e.StartsWith(key, StringComparison.Ordinal));
        }

        Assert.Equal(11, errors.Count);
    }

    [Theory]
    [InlineData("occurrences", "timeslice: { window: 5m }", "slos[0].timeslice: only for budgeting: timeslices or ratio_timeslices")]
    [InlineData("ratio_timeslices", "timeslice: { window: 5m, target: 0.9 }", "slos[0].timeslice.target: only for budgeting: timeslices")]
    [InlineData("weekly", "timeslice: { window: 5m }", "slos[0].budgeting: 'weekly' is not one of occurrences, timeslices, ratio_timeslices")]
    public void Timeslice_KeysTheMethodDoesNotUse_AreErrors(string budgeting, string timeslice, string expected)
    {
        var error = Error($$"""
            slos:
              - { name: a, feature: f, indicator: { kind: availability }, objective: 0.99, budgeting: {{budgeting}}, {{timeslice}} }
            """);

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Slos_NotAList_IsASyntaxErrorWithItsLine()
    {
        var error = Error("slos:\n  name: a\n");

        Assert.Contains("line 2", error, StringComparison.Ordinal);
    }
}
