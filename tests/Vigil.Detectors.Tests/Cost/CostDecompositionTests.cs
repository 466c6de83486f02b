using Vigil.Core.Queries;
using Vigil.Detectors.Cost;

namespace Vigil.Detectors.Tests.Cost;

/// <summary>
/// Cost = traffic × calls/task × tokens/call × USD/token, one hour against one hour. Every baseline: 100 tasks,
/// 200 calls, 200k tokens, $4.00. The log-changes sum to ln(current/baseline cost) in every scenario.
/// </summary>
public sealed class CostDecompositionTests
{
    private static readonly TimeRange Before = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private static readonly TimeRange After = new(Before.To, Before.To.AddHours(1));

    private static CostBreakdownRow Row(TimeRange at, string dimension, string value, long tasks, long calls, long tokens, double cost) =>
        new(dimension, value, at.From, tasks, calls, tokens * 3 / 4, tokens / 4, cost);

    private static List<CostHour> Totals(TimeRange at, IEnumerable<CostBreakdownRow> rows, string dimension)
    {
        var of = rows.Where(r => r.Dimension == dimension && r.HourStart == at.From).ToList();
        return [new CostHour(at.From, of.Sum(r => r.Tasks), of.Sum(r => r.Calls), of.Sum(r => r.InputTokens), of.Sum(r => r.OutputTokens), of.Sum(r => r.CostUsd))];
    }

    private static CostDecompositionResult Decompose(List<CostBreakdownRow> rows, string totalsFrom)
    {
        var result = CostDecomposition.Decompose("support-chat", Totals(Before, rows, totalsFrom), Before, Totals(After, rows, totalsFrom), After, rows, out var insufficient);
        Assert.Null(insufficient);
        Assert.Equal(result!.TotalLogChange, result.Factors.Sum(f => f.LogChange), 12);
        Assert.Equal(1.0, result.Factors.Sum(f => f.Share), 12);
        return result!;
    }

    [Fact]
    public void TrafficUp_InTeamB_NamesTrafficAndTeamB()
    {
        // Team b triples its tasks at the same rates: tasks 100 → 300, cost $4 → $12; the single model carries
        // everything in both windows (lift 0) and is not named.
        List<CostBreakdownRow> rows =
        [
            Row(Before, "team", "a", 50, 100, 100_000, 2), Row(Before, "team", "b", 50, 100, 100_000, 2),
            Row(After, "team", "a", 50, 100, 100_000, 2), Row(After, "team", "b", 150, 300, 300_000, 6),
            Row(Before, "model", "gpt-4o", 100, 200, 200_000, 4), Row(After, "model", "gpt-4o", 200, 400, 400_000, 8),
        ];

        var result = Decompose(rows, "team");

        Assert.Equal(Math.Log(2), result.TotalLogChange, 12);
        Assert.Equal(CostFactor.Traffic, result.Dominant);
        Assert.Equal(1.0, result[CostFactor.Traffic].Share, 12);
        Assert.Equal(("team", "b", 100.0, 1.0, 0.5), (result.Carrier!.Dimension, result.Carrier.Value, result.Carrier.Extra, result.Carrier.Share, result.Carrier.BaselineShare));
        Assert.Equal("support-chat cost +100 % ($4.00 → $8.00/h): traffic (tasks per hour) ×2 (100 % of the change), carried by team b (100 % of the extra tasks)", result.Explanation);
    }

    [Fact]
    public void LoopsUp_CallsPerTaskInNewRelease_NamesCallsPerTaskAndRelease()
    {
        // Half the tasks move to r7, which makes 8 calls per task: calls 200 → 500, calls/task 2 → 5 (×2.5), cost $4 → $10.
        // Extra calls (now − tasks now × baseline calls per task of the value): r6 100 − 100 × 200/100 = −100, r7 400 − 0 = 400.
        List<CostBreakdownRow> rows =
        [
            Row(Before, "release", "r6", 100, 200, 200_000, 4),
            Row(After, "release", "r6", 50, 100, 100_000, 2), Row(After, "release", "r7", 50, 400, 400_000, 8),
        ];

        var result = Decompose(rows, "release");

        Assert.Equal(CostFactor.CallsPerTask, result.Dominant);
        Assert.Equal(2.5, result[CostFactor.CallsPerTask].Ratio, 12);
        Assert.Equal(("release", "r7", 400.0, true), (result.Carrier!.Dimension, result.Carrier.Value, result.Carrier.Extra, result.Carrier.New));
        Assert.Equal("support-chat cost +150 % ($4.00 → $10.00/h): calls per task ×2.5 (100 % of the change), carried by release r7 [new] (100 % of the extra calls)", result.Explanation);
    }

    [Fact]
    public void PromptInflation_TokensPerCall_NamesPromptAndItsRelease()
    {
        // Traffic +10 % and a new prompt p5 (release r7) with 2600 tokens a call: tokens/call 1000 → 540000/220 = 2454.5
        // (×2.4545), cost $4 → $10.80 (×2.7). Shares: ln 2.4545 / ln 2.7 = 0.8979 / 0.9933 = 90.4 %, traffic ln 1.1 / ln 2.7 = 9.6 %.
        List<CostBreakdownRow> rows =
        [
            Row(Before, "prompt_version", "p4", 100, 200, 200_000, 4),
            Row(After, "prompt_version", "p4", 10, 20, 20_000, 0.4), Row(After, "prompt_version", "p5", 100, 200, 520_000, 10.4),
            Row(Before, "release", "r6", 100, 200, 200_000, 4),
            Row(After, "release", "r6", 10, 20, 20_000, 0.4), Row(After, "release", "r7", 100, 200, 520_000, 10.4),
        ];

        var result = Decompose(rows, "prompt_version");

        Assert.Equal(Math.Log(2.7), result.TotalLogChange, 12);
        Assert.Equal(CostFactor.TokensPerCall, result.Dominant);
        Assert.Equal(Math.Log(540_000.0 / 220 / 1000) / Math.Log(2.7), result[CostFactor.TokensPerCall].Share, 12);
        Assert.Equal(Math.Log(1.1) / Math.Log(2.7), result[CostFactor.Traffic].Share, 12);
        Assert.Equal(0, result[CostFactor.PricePerToken].LogChange, 12);
        Assert.Equal(("prompt_version", "p5", 520_000.0), (result.Carrier!.Dimension, result.Carrier.Value, result.Carrier.Extra));
        Assert.Equal(("release", "r7"), (result.AlsoCarriedBy.Single().Dimension, result.AlsoCarriedBy.Single().Value));
        Assert.Equal("support-chat cost +170 % ($4.00 → $10.80/h): tokens per call ×2.45 (90 % of the change), carried by prompt_version p5 [new] and release r7 [new] (100 % of the extra tokens)", result.Explanation);
    }

    [Fact]
    public void Reprice_UsdPerToken_NamesPriceAndTheModel()
    {
        // Same volumes; gpt-4o's cost $2 → $5 for the same 100k tokens, mini unchanged: USD/token ×1.75, cost $4 → $7.
        // Extra cost at the baseline price: gpt-4o 5 − 200k × 2/200k = 3, mini 2 − 2 = 0. One team: lift 0, not named.
        List<CostBreakdownRow> rows =
        [
            Row(Before, "model", "gpt-4o", 50, 100, 100_000, 2), Row(Before, "model", "gpt-4o-mini", 50, 100, 100_000, 2),
            Row(After, "model", "gpt-4o", 50, 100, 100_000, 5), Row(After, "model", "gpt-4o-mini", 50, 100, 100_000, 2),
            Row(Before, "team", "support", 100, 200, 200_000, 4), Row(After, "team", "support", 100, 200, 200_000, 7),
        ];

        var result = Decompose(rows, "model");

        Assert.Equal(CostFactor.PricePerToken, result.Dominant);
        Assert.Equal(1.75, result[CostFactor.PricePerToken].Ratio, 12);
        Assert.Equal(("model", "gpt-4o", 3.0, 0.5), (result.Carrier!.Dimension, result.Carrier.Value, result.Carrier.Extra, result.Carrier.BaselineShare));
        Assert.Empty(result.AlsoCarriedBy);
        Assert.Equal("support-chat cost +75 % ($4.00 → $7.00/h): price per token ×1.75 (100 % of the change), carried by model gpt-4o (100 % of the extra cost at the baseline price)", result.Explanation);
    }

    [Fact]
    public void EvenChange_NoCarrierStandsOut()
    {
        List<CostBreakdownRow> rows =
        [
            Row(Before, "team", "a", 50, 100, 100_000, 2), Row(Before, "team", "b", 50, 100, 100_000, 2),
            Row(After, "team", "a", 100, 200, 200_000, 4), Row(After, "team", "b", 100, 200, 200_000, 4),
        ];

        var result = Decompose(rows, "team");

        Assert.Null(result.Carrier);
        Assert.EndsWith("spread across the breakdown (no single value carries it)", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyWindow_NoDecomposition_SaysWhy()
    {
        var result = CostDecomposition.Decompose("support-chat", [new CostHour(Before.From, 100, 200, 150_000, 50_000, 4)], Before, [], After, null, out var insufficient);

        Assert.Null(result);
        Assert.Equal("the current window has no tasks", insufficient);
    }
}
