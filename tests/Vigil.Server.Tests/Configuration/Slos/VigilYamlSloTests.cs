using Vigil.Core.Slos;
using Vigil.Server.Configuration;

namespace Vigil.Server.Tests.Configuration.Slos;

public sealed class VigilYamlSloTests
{
    private static SloDefinition Single(string slos, string extra = "") =>
        Assert.Single(VigilConfigLoader.Parse(extra + "slos:\n" + slos, "vigil.yaml").Slos);

    [Fact]
    public void Latency_InVigilYaml_BecomesARollingLatencySli()
    {
        var slo = Single("""
              - name: support-chat-latency
                feature: support-chat
                indicator:
                  kind: latency
                  threshold: 2s
                objective: 0.99
            """);

        Assert.Equal("support-chat-latency", slo.Name);
        Assert.Equal("default", slo.Project);
        Assert.Equal(SliKind.Latency, slo.Indicator.Kind);
        Assert.Equal("support-chat", slo.Feature);
        Assert.Equal(TimeSpan.FromSeconds(2), slo.Indicator.LatencyThreshold);
        Assert.True(slo.Indicator.RootOnly);
        Assert.Equal(0.99, slo.Objective);
        Assert.True(slo.Window.IsRolling);
        Assert.Equal(TimeSpan.FromDays(30), slo.Window.Duration);
        Assert.Equal(BudgetingMethod.Occurrences, slo.Method);
        Assert.Null(slo.Alerting.Pairs);
    }

    [Fact]
    public void Latency_NarrowedToAStage_CountsThatStagesSpans()
    {
        var slo = Single("""
              - name: generation-latency
                project: acme
                displayName: Generation is fast
                description: The model answers within 1.5 s.
                feature: support-chat
                indicator: { kind: latency, stage: generation, provider: openai, model: gpt-4o, threshold: 1500ms }
                objective: 0.95
                window: 7d
            """);

        Assert.Equal("acme", slo.Project);
        Assert.Equal("Generation is fast", slo.DisplayName);
        Assert.Equal("The model answers within 1.5 s.", slo.Description);
        Assert.Equal("generation", slo.Indicator.Scope.Stage);
        Assert.Equal("openai", slo.Indicator.Scope.Provider);
        Assert.Equal("gpt-4o", slo.Indicator.Scope.Model);
        Assert.False(slo.Indicator.RootOnly);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), slo.Indicator.LatencyThreshold);
        Assert.Equal(TimeSpan.FromDays(7), slo.Window.Duration);
    }

    [Fact]
    public void Quality_InVigilYaml_CountsTheNamedEvaluationsAtTheMinimumScore()
    {
        var slo = Single("""
              - name: answer-quality
                feature: support-chat
                indicator: { kind: quality, threshold: 0.7, evaluations: [relevance, faithfulness] }
                objective: "95%"
            """);

        Assert.Equal(SliKind.Quality, slo.Indicator.Kind);
        Assert.Equal(0.7, slo.Indicator.ScoreThreshold);
        Assert.Equal(["relevance", "faithfulness"], slo.Indicator.Evaluations);
        Assert.Equal(0.95, slo.Objective);
    }

    [Fact]
    public void Hallucination_WithoutEvaluations_ReadsVigilsDefaultChecks()
    {
        var slo = Single("""
              - name: grounded-answers
                feature: support-chat
                indicator: { kind: hallucination }
                objective: 0.99
            """);

        Assert.Equal(SliKind.Hallucination, slo.Indicator.Kind);
        Assert.Null(slo.Indicator.ScoreThreshold);
        Assert.Equal(SliDefinition.DefaultHallucinationChecks, slo.Indicator.EvaluationNames);
    }

    [Theory]
    [InlineData("cost_per_task")]
    [InlineData("cost-per-task")]
    [InlineData("costPerTask")]
    public void CostPerTask_WithAPercentileAndNoObjective_TakesThePercentileAsObjective(string kind)
    {
        var slo = Single($$"""
              - name: task-cost
                feature: support-chat
                indicator: { kind: {{kind}}, threshold: 0.05, percentile: 99 }
            """);

        Assert.Equal(SliKind.CostPerTask, slo.Indicator.Kind);
        Assert.Equal(0.05m, slo.Indicator.CostThreshold);
        Assert.Equal(0.99, slo.Objective);
    }

    [Fact]
    public void CostPerTask_MedianBand_IsAnObjectiveOfOneHalf()
    {
        var slo = Single("""
              - name: task-cost-median
                feature: support-chat
                indicator: { kind: cost_per_task, threshold: 0.01, percentile: p50 }
            """);

        Assert.Equal(0.5, slo.Objective);
    }

    [Fact]
    public void CacheHit_InVigilYaml_IsNarrowedToItsProviderAndModel()
    {
        var slo = Single("""
              - name: prompt-cache
                feature: support-chat
                indicator: { kind: cache_hit, provider: anthropic, model: claude-sonnet-4 }
                objective: 0.6
            """);

        Assert.Equal(SliKind.CacheHit, slo.Indicator.Kind);
        Assert.Equal("anthropic", slo.Indicator.Scope.Provider);
        Assert.Equal("claude-sonnet-4", slo.Indicator.Scope.Model);
    }

    [Fact]
    public void Availability_InVigilYaml_KeepsEveryNarrowing()
    {
        var slo = Single("""
              - name: checkout-available
                feature: checkout
                indicator: { kind: availability, team: payments, segment: enterprise, operation: chat, root: true }
                objective: 0.999
            """);

        var scope = slo.Indicator.Scope;
        Assert.Equal(SliKind.Availability, slo.Indicator.Kind);
        Assert.Equal(("payments", "enterprise", "chat", true), (scope.Team, scope.Segment, scope.Operation, scope.RootOnly));
    }

    [Fact]
    public void Ratio_InVigilYaml_TakesEveryGoodCondition()
    {
        var slo = Single("""
              - name: fast-cheap-cached
                feature: search
                indicator:
                  kind: ratio
                  stage: retrieval
                  good: { ok: true, maxDuration: 800ms, maxCost: 0.002, cacheHit: true }
                objective: 0.9
            """);

        var good = slo.Indicator.Good!;
        Assert.Equal(SliKind.Ratio, slo.Indicator.Kind);
        Assert.Equal((true, TimeSpan.FromMilliseconds(800), 0.002m, true), (good.Ok, good.MaxDuration, good.MaxCost, good.CacheHit));
    }

    [Fact]
    public void Objective_WrittenAsAPercentage_IsTheRatio()
    {
        var slo = Single("""
              - { name: a, feature: f, indicator: { kind: availability }, objective: "99.9%" }
            """);

        Assert.Equal(0.999, slo.Objective);
    }

    [Fact]
    public void Window_CalendarMonthInATimeZone_IsACalendarMonth()
    {
        var slo = Single("""
              - name: monthly
                feature: f
                indicator: { kind: availability }
                objective: 0.999
                window: { duration: calendar-month, timeZone: Europe/Paris }
            """, "retention: { spans: 31d }\n");

        Assert.True(slo.Window.IsCalendarMonth);
        Assert.Equal("Europe/Paris", slo.Window.TimeZone.Id);
    }

    [Fact]
    public void Window_CalendarOfFixedLength_CountsFromItsStart()
    {
        var slo = Single("""
              - name: fortnightly
                feature: f
                indicator: { kind: availability }
                objective: 0.999
                window: { duration: 14d, calendar: true, start: 2026-01-05T00:00:00Z }
            """);

        Assert.False(slo.Window.IsRolling);
        Assert.Equal(TimeSpan.FromDays(14), slo.Window.Duration);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), slo.Window.Anchor);
    }

    [Fact]
    public void Budgeting_Timeslices_TakesTheSliceWindowAndTarget()
    {
        var slo = Single("""
              - name: sliced
                feature: f
                indicator: { kind: latency, threshold: 1s }
                objective: 0.99
                budgeting: timeslices
                timeslice: { window: 5m, target: 0.95 }
            """);

        Assert.Equal(BudgetingMethod.Timeslices, slo.Method);
        Assert.Equal(TimeSpan.FromMinutes(5), slo.SliceDuration);
        Assert.Equal(0.95, slo.SliceTarget);
    }

    [Fact]
    public void Alerting_InVigilYaml_TakesEveryKnob()
    {
        var slo = Single("""
              - name: alerted
                feature: f
                indicator: { kind: availability }
                objective: 0.999
                budgeting: ratio_timeslices
                alerting:
                  minimumEvents: 50
                  for: 2m
                  budgetExhausted: { severity: page }
                  pairs:
                    - { severity: page, longWindow: 1h, shortWindow: 5m, burnRate: 14.4 }
                    - { severity: Ticket, longWindow: 1d, budgetShare: 0.1 }
            """);

        var alerting = slo.Alerting;
        Assert.Equal(BudgetingMethod.RatioTimeslices, slo.Method);
        Assert.Equal((50L, TimeSpan.FromMinutes(2), true, "page"), (alerting.MinimumEvents, alerting.PendingFor, alerting.BudgetExhausted, alerting.BudgetExhaustedSeverity));
        Assert.Equal(
            [new AlertPairSpec("page", TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), 14.4), new AlertPairSpec("ticket", TimeSpan.FromDays(1), BudgetShare: 0.1)],
            alerting.Pairs!);
    }

    [Fact]
    public void Alerting_BudgetExhaustedFalse_TurnsThatAlertOff()
    {
        var slo = Single("""
              - { name: quiet, feature: f, indicator: { kind: availability }, objective: 0.9, alerting: { budgetExhausted: false, pairs: [] } }
            """);

        Assert.False(slo.Alerting.BudgetExhausted);
        Assert.Empty(slo.Alerting.Pairs!);
    }

    [Fact]
    public void SloEvaluation_Interval_DefaultsTo30sAndCanBeSet()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), VigilConfigLoader.Parse("", "vigil.yaml").SloEvaluation.Interval);
        Assert.Equal(TimeSpan.FromSeconds(10), VigilConfigLoader.Parse("sloEvaluation: { interval: 10s }", "vigil.yaml").SloEvaluation.Interval);
    }
}
