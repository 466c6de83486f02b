using static Vigil.Evals.Tests.Cases;

namespace Vigil.Evals.Tests.Scorers;

public sealed class CostAndLatencyScorerTests
{
    [Fact]
    public async Task Cost_WithinMax_Passes()
    {
        var score = await ScoreAsync("cost", Answer("ok") with { CostUsd = 0.0042m }, ("maxUsd", 0.01));
        Assert.True(score.Passed);
        Assert.Equal("cost $0.0042 is within maxUsd $0.01", score.Explanation);
    }

    [Fact]
    public async Task Cost_OverMax_FailsWithBothAmounts()
    {
        var score = await ScoreAsync("cost", Answer("ok") with { CostUsd = 0.0123m }, ("maxUsd", "0.01"));
        Assert.False(score.Passed);
        Assert.Equal(0, score.Value);
        Assert.Equal("cost $0.0123 exceeds maxUsd $0.01", score.Explanation);
    }

    [Fact]
    public async Task Cost_Unknown_FailsSayingSo()
    {
        var score = await ScoreAsync("cost", Answer("ok"), ("maxUsd", 0.01));
        Assert.False(score.Passed);
        Assert.Contains("no cost recorded", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latency_BothWithin_Passes()
    {
        var input = Answer("ok") with { LatencyMs = 900, TimeToFirstTokenMs = 150 };
        var score = await ScoreAsync("latency", input, ("maxMs", 1000), ("maxTtftMs", "200ms"));
        Assert.True(score.Passed);
        Assert.Equal(1, score.Value);
    }

    [Fact]
    public async Task Latency_TtftOver_FailsHalfAndNamesTheCheck()
    {
        var input = Answer("ok") with { LatencyMs = 900, TimeToFirstTokenMs = 450 };
        var score = await ScoreAsync("latency", input, ("maxMs", "2s"), ("maxTtftMs", 300));
        Assert.False(score.Passed);
        Assert.Equal(0.5, score.Value);
        Assert.Equal("time to first token 450 ms exceeds maxTtftMs 300 ms", score.Explanation);
    }

    [Fact]
    public async Task Latency_NotRecorded_FailsSayingSo()
    {
        var score = await ScoreAsync("latency", Answer("ok"), ("maxMs", 1000));
        Assert.False(score.Passed);
        Assert.Contains("no latency recorded", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Latency_WithoutAnyLimit_IsAConfigurationError()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => ScorerFactory.Create("latency"));
        Assert.Equal("maxMs", Assert.Single(error.Problems).Option);
    }

    [Fact]
    public void Latency_UnreadableDuration_NamesTheOption()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => Scorer("latency", ("maxMs", "fast")));
        Assert.Equal("maxMs", Assert.Single(error.Problems).Option);
    }
}
