using Vigil.Core.Slos;
using Vigil.Server.Configuration.Slos;

namespace Vigil.Server.Tests.Configuration.Slos;

public sealed class OpenSloDocumentTests
{
    private const string LatencySli = """
        apiVersion: openslo/v1
        kind: SLI
        metadata:
          name: chat-latency
          displayName: Support chat generation latency
        spec:
          description: Generation spans of the support chat
          thresholdMetric:
            metricSource:
              type: vigil
              spec:
                kind: latency
                feature: support-chat
                stage: generation
        """;

    private const string BurnPolicy = """
        apiVersion: openslo/v1
        kind: AlertPolicy
        metadata:
          name: fast-and-slow-burn
        spec:
          alertWhenBreaching: true
          conditions:
            - kind: AlertCondition
              metadata:
                name: fast-burn
              spec:
                severity: page
                condition:
                  kind: burnrate
                  op: gte
                  threshold: 14.4
                  lookbackWindow: 1h
                  alertAfter: 2m
            - kind: AlertCondition
              metadata:
                name: slow-burn
              spec:
                severity: ticket
                condition: { kind: burnrate, op: gte, threshold: 1, lookbackWindow: 3d, shortWindow: 2h, alertAfter: 10m }
          notificationTargets:
            - targetRef: on-call
        """;

    private const string LatencySlo = """
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: support-chat-latency
          displayName: Support chat answers in time
          labels:
            vigil.dev/project: acme
            team: support
        spec:
          description: 99 % of generations within 2 s
          service: support-chat
          indicatorRef: chat-latency
          timeWindow:
            - duration: 28d
              isRolling: true
          budgetingMethod: Occurrences
          objectives:
            - displayName: Fast enough
              op: lte
              value: 2000
              target: 0.99
          alertPolicies:
            - fast-and-slow-burn
        """;

    internal static SloLoadResult Parse(params string[] files) =>
        SloDocumentLoader.Parse(files.Select((text, i) => ($"slos/file{i + 1}.yaml", text)));

    internal static SloDefinition Single(params string[] files)
    {
        var result = Parse(files);
        Assert.Empty(result.Errors);
        return Assert.Single(result.Definitions);
    }

    [Fact]
    public void FullDocumentSet_SliSloAndAlertPolicy_BecomesOneSloWithItsPairs()
    {
        const string service = """
            apiVersion: openslo/v1
            kind: Service
            metadata: { name: support-chat }
            spec: { description: The support assistant }
            """;
        var slo = Single(string.Join("\n---\n", service, LatencySli, BurnPolicy, LatencySlo));

        Assert.Equal(("support-chat-latency", "acme", "Support chat answers in time"), (slo.Name, slo.Project, slo.DisplayName));
        Assert.Equal("99 % of generations within 2 s", slo.Description);
        Assert.Equal(SliKind.Latency, slo.Indicator.Kind);
        Assert.Equal(("support-chat", "generation"), (slo.Indicator.Scope.Feature, slo.Indicator.Scope.Stage));
        Assert.Equal(TimeSpan.FromSeconds(2), slo.Indicator.LatencyThreshold);
        Assert.Equal(0.99, slo.Objective);
        Assert.True(slo.Window.IsRolling);
        Assert.Equal(TimeSpan.FromDays(28), slo.Window.Duration);
        Assert.Equal(TimeSpan.FromMinutes(10), slo.Alerting.PendingFor);
        Assert.Equal(
            [("page", TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), 14.4), ("ticket", TimeSpan.FromDays(3), TimeSpan.FromHours(2), 1.0)],
            slo.Alerting.PairsFor(slo.Window.Duration).Select(p => (p.Severity, p.LongWindow, p.ShortWindow, p.BurnRate)));
    }

    [Fact]
    public void Slo_WithoutAlertPolicies_GetsVigilsDefaultPairs()
    {
        var slo = Single(LatencySli + "\n---\n" + LatencySlo.Replace("\n  alertPolicies:\n    - fast-and-slow-burn", "", StringComparison.Ordinal));

        Assert.Null(slo.Alerting.Pairs);
        Assert.Equal("default", Single(LatencySli, LatencySlo.Replace("    vigil.dev/project: acme\n", "", StringComparison.Ordinal), BurnPolicy).Project);
    }

    [Fact]
    public void InlineIndicator_WithTargetPercent_AndPolicyAndConditionByReference_AcrossFiles()
    {
        const string slo = """
            apiVersion: openslo/v1
            kind: SLO
            metadata: { name: answer-quality }
            spec:
              indicator:
                metadata: { name: quality-inline }
                spec:
                  thresholdMetric:
                    metricSource:
                      type: vigil
                      spec: { kind: quality, feature: support-chat, evaluations: [relevance] }
              timeWindow: [{ duration: 7d, isRolling: true }]
              objectives:
                - { op: gte, value: 0.7, targetPercent: 95 }
              alertPolicies:
                - alertPolicyRef: quality-pages
            """;
        const string policy = """
            apiVersion: openslo/v1
            kind: AlertPolicy
            metadata: { name: quality-pages }
            spec:
              conditions:
                - conditionRef: quality-burn
            ---
            apiVersion: openslo/v1
            kind: AlertCondition
            metadata: { name: quality-burn }
            spec:
              severity: Page
              condition: { kind: burnrate, op: gte, threshold: 6, lookbackWindow: 6h }
            """;

        var definition = Single(slo, policy);

        Assert.Equal(SliKind.Quality, definition.Indicator.Kind);
        Assert.Equal(0.7, definition.Indicator.ScoreThreshold);
        Assert.Equal(["relevance"], definition.Indicator.Evaluations);
        Assert.Equal(0.95, definition.Objective);
        Assert.Equal([new AlertPairSpec("page", TimeSpan.FromHours(6), null, 6)], definition.Alerting.Pairs!);
        Assert.Equal(TimeSpan.Zero, definition.Alerting.PendingFor);
    }

    [Fact]
    public void RatioMetric_TotalGivesTheScopeAndGoodTheConditions()
    {
        var slo = Single("""
            apiVersion: openslo/v1
            kind: SLO
            metadata: { name: openai-calls-ok }
            spec:
              indicator:
                metadata: { name: openai-calls }
                spec:
                  ratioMetric:
                    counter: true
                    good:
                      metricSource: { type: vigil, spec: { ok: true, maxDuration: 5s } }
                    total:
                      metricSource: { type: vigil, spec: { feature: support-chat, provider: openai } }
              timeWindow: [{ duration: 4w, isRolling: true }]
              objectives: [{ target: 0.995 }]
            """);

        Assert.Equal(SliKind.Ratio, slo.Indicator.Kind);
        Assert.Equal(("support-chat", "openai"), (slo.Indicator.Scope.Feature, slo.Indicator.Scope.Provider));
        Assert.Equal((true, TimeSpan.FromSeconds(5)), (slo.Indicator.Good!.Ok, slo.Indicator.Good.MaxDuration));
        Assert.Equal(TimeSpan.FromDays(28), slo.Window.Duration);
    }

    [Fact]
    public void Timeslices_TakeTheSliceTargetAndWindow()
    {
        var slo = Single(LatencySli, """
            apiVersion: openslo/v1
            kind: SLO
            metadata: { name: sliced }
            spec:
              indicatorRef: chat-latency
              timeWindow: [{ duration: 1w, isRolling: true }]
              budgetingMethod: Timeslices
              objectives:
                - { op: lte, value: 1500, target: 0.99, timeSliceTarget: 0.95, timeSliceWindow: 5m }
            """);

        Assert.Equal(BudgetingMethod.Timeslices, slo.Method);
        Assert.Equal((0.95, TimeSpan.FromMinutes(5)), (slo.SliceTarget, slo.SliceDuration));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), slo.Indicator.LatencyThreshold);
    }

    [Fact]
    public void CalendarMonth_1M_IsACalendarMonthInItsTimeZone()
    {
        var slo = Single(LatencySli, """
            apiVersion: openslo/v1
            kind: SLO
            metadata: { name: monthly }
            spec:
              indicatorRef: chat-latency
              timeWindow:
                - duration: 1M
                  isRolling: false
                  calendar: { startTime: "2022-01-01 00:00:00", timeZone: America/New_York }
              budgetingMethod: RatioTimeslices
              objectives: [{ op: lte, value: 3000, target: 0.9, timeSliceWindow: 1h }]
            """);

        Assert.True(slo.Window.IsCalendarMonth);
        Assert.Equal("America/New_York", slo.Window.TimeZone.Id);
        Assert.Equal((BudgetingMethod.RatioTimeslices, TimeSpan.FromHours(1)), (slo.Method, slo.SliceDuration));
    }

    [Fact]
    public void CalendarTwoWeeks_StartsAtItsStartTimeInItsTimeZone()
    {
        var slo = Single(LatencySli, """
            apiVersion: openslo/v1
            kind: SLO
            metadata: { name: fortnightly }
            spec:
              indicatorRef: chat-latency
              timeWindow:
                - duration: 2w
                  calendar: { startTime: "2026-01-05 00:00:00", timeZone: Europe/Paris }
              objectives: [{ op: lte, value: 3000, target: 0.9 }]
            """);

        Assert.False(slo.Window.IsRolling || slo.Window.IsCalendarMonth);
        Assert.Equal(TimeSpan.FromDays(14), slo.Window.Duration);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.FromHours(1)), slo.Window.Anchor);
    }

    [Fact]
    public void CostPerTask_ObjectiveValue_IsTheBandInUsd()
    {
        var slo = Single("""
            apiVersion: openslo/v1
            kind: SLI
            metadata: { name: task-cost }
            spec:
              thresholdMetric:
                metricSource: { type: vigil, spec: { kind: cost-per-task, feature: support-chat } }
            ---
            apiVersion: openslo/v1
            kind: SLO
            metadata: { name: task-cost-p95 }
            spec:
              indicatorRef: task-cost
              timeWindow: [{ duration: 30d, isRolling: true }]
              objectives: [{ op: lte, value: 0.05, target: 0.95 }]
            """);

        Assert.Equal((SliKind.CostPerTask, 0.05m), (slo.Indicator.Kind, slo.Indicator.CostThreshold));
    }
}
