using Vigil.Core.Queries;
using Vigil.Detectors.Cost;

namespace Vigil.Detectors.Tests.Cost;

/// <summary>Steps per trace, current against baseline; quantiles interpolate linearly (NumPy's default).</summary>
public sealed class AgentLoopDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeRange Baseline = new(T0.AddDays(-7), T0);
    private static readonly TimeRange Current = new(T0, T0.AddHours(1));
    private static readonly IReadOnlyDictionary<string, string> Agent = Finding.Labels(("feature", "research-agent"));

    /// <summary>Traces t0…t(n−1); trace i takes 3, 4 or 5 steps (i mod 3) unless <paramref name="steps"/> says otherwise.</summary>
    private static List<TraceSteps> Traces(int n, Func<int, int?>? steps = null) =>
        Enumerable.Range(0, n).Select(i => new TraceSteps("t" + i, T0, steps?.Invoke(i) ?? 3 + (i % 3))).ToList();

    [Fact]
    public void SameDistribution_NoAlert()
    {
        var finding = AgentLoopDetector.Evaluate(Agent, Traces(100), Baseline, Traces(100), Current);

        Assert.Equal(FindingState.Ok, finding.State);
        Assert.Equal(1.0, finding.Value);
        Assert.Empty(finding.ExampleTraceIds);
    }

    [Fact]
    public void RunawayLoops_P95Jumps_AlertsNamingTheLongestTraces()
    {
        // Baseline: 34 × 3, 33 × 4, 33 × 5 steps → p95 = p99 = 5. Now 20 traces (t80…t99) take 20…39 steps:
        // sorted[94] = 34, sorted[95] = 35, p95 = 34 + 0.05 × 1 = 34.05, ×6.81; 20 % above 5 steps.
        var current = Traces(100, i => i >= 80 ? 20 + (i - 80) : null);

        var finding = AgentLoopDetector.Evaluate(Agent, Traces(100), Baseline, current, Current);

        Assert.Equal(FindingState.Alert, finding.State);
        Assert.Equal("agent_loop", finding.Detector);
        Assert.Equal("p95_ratio", finding.Statistic);
        Assert.Equal(34.05 / 5, finding.Value!.Value, 9);
        Assert.Equal(["t99", "t98", "t97", "t96", "t95"], finding.ExampleTraceIds);
        Assert.Equal("research-agent steps per trace: p95 5 → 34.05 (×6.81), 20 % of 100 traces above the baseline p99 of 5 steps; longest: t99 (39 steps), t98 (38 steps), t97 (37 steps), t96 (36 steps), t95 (35 steps)", finding.Explanation);
    }

    [Fact]
    public void ManyTracesAboveBaselineP99_WhileP95BarelyMoves_AlertsOnTheShare()
    {
        // 6 traces of 6 steps: p95 = sorted[94..95] = 6 (×1.2 < 1.5), but 6 % of traces exceed the baseline p99 of 5 (≥ 5 %).
        var current = Traces(100, i => i >= 94 ? 6 : null);

        var finding = AgentLoopDetector.Evaluate(Agent, Traces(100), Baseline, current, Current);

        Assert.Equal(FindingState.Alert, finding.State);
        Assert.Equal("share_above_baseline_p99", finding.Statistic);
        Assert.Equal(0.06, finding.Value!.Value, 12);
        Assert.Equal(0.05, finding.Threshold);
    }

    [Fact]
    public void FewTraces_InsufficientData()
    {
        var finding = AgentLoopDetector.Evaluate(Agent, Traces(100), Baseline, Traces(12), Current);

        Assert.Equal(FindingState.InsufficientData, finding.State);
        Assert.Equal("research-agent steps per trace: not enough traces (100 in the baseline, 12 now; each window needs 30)", finding.Explanation);
    }
}
