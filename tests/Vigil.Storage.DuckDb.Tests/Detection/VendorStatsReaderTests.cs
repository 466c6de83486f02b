using Vigil.Core.Detection;
using Vigil.Core.Spans;

namespace Vigil.Storage.DuckDb.Tests.Detection;

public sealed class VendorStatsReaderTests : DetectionStore
{
    [Fact]
    public async Task Vendor_stats_count_errors_and_interpolate_latency_quantiles_per_provider_and_model()
    {
        double[] durations = [500, 100, 400, 200, 300];
        await AppendAsync(
        [
            .. durations.Select((ms, i) => Call("t" + i, T0.AddMinutes(i), durationMs: ms) with { Status = i == 2 ? SpanStatus.Error : SpanStatus.Ok }),
            Call("u", T0.AddMinutes(9), provider: "anthropic", model: "claude", durationMs: 50) with { Status = SpanStatus.Unset },
            Call("v", T0.AddMinutes(9), provider: null, durationMs: 9000),
            Call("w", T0.AddMinutes(9), operation: "execute_tool", durationMs: 9000),
            Call("x", T0.AddMinutes(9), project: "p2", durationMs: 9000),
            Call("y", T0.AddHours(1), durationMs: 9000),
        ]);

        var stats = await Store.ReadVendorStatsAsync(new VendorStatsQuery { ProjectId = "p1", Range = FirstHour }, None);

        Assert.Equal([("anthropic", "claude"), ("openai", "gpt-4o")], stats.Select(s => (s.Provider, s.Model)));
        var openai = stats[1];
        Assert.Equal((5L, 1L), (openai.Calls, openai.Errors));
        Assert.Equal(300, openai.LatencyP50Ms!.Value, 6);
        Assert.Equal(480, openai.LatencyP95Ms!.Value, 6);
        Assert.Equal(496, openai.LatencyP99Ms!.Value, 6);
        Assert.Null(openai.TtftP95Ms);
        Assert.Equal((1L, 0L, 50.0), (stats[0].Calls, stats[0].Errors, stats[0].LatencyP50Ms!.Value));
    }

    [Fact]
    public async Task Vendor_ttft_p95_reads_the_time_to_first_chunk_attribute_in_seconds()
    {
        Span WithTtft(string trace, string ttft) =>
            Call(trace, T0.AddMinutes(1)) with { Attributes = new Dictionary<string, string> { ["gen_ai.response.time_to_first_chunk"] = ttft } };

        await AppendAsync(WithTtft("a", "0.1"), WithTtft("b", "0.2"), WithTtft("c", "0.3"), WithTtft("d", "soon"), Call("e", T0.AddMinutes(2)));

        var stats = await Store.ReadVendorStatsAsync(new VendorStatsQuery { ProjectId = "p1", Range = FirstHour }, None);

        var row = Assert.Single(stats);
        Assert.Equal(5, row.Calls);
        Assert.Equal(290, row.TtftP95Ms!.Value, 6);
    }

    [Fact]
    public async Task Vendor_quality_is_the_mean_of_the_named_scores_on_the_calls_traces_whatever_their_time()
    {
        await AppendAsync(
            Call("a", T0.AddMinutes(1), durationMs: 100),
            Call("a", T0.AddMinutes(2), durationMs: 900),
            Call("b", T0.AddMinutes(3), durationMs: 500),
            Call("c", T0.AddMinutes(4), durationMs: 200),
            Call("d", T0.AddMinutes(5), durationMs: 50));
        await AppendAsync(
            Evaluation("a", "quality", 0.8, T0.AddDays(-2)),
            Evaluation("b", "quality", 0.4, T0.AddDays(1)),
            Evaluation("b", "other", 0.0),
            Evaluation("c", "quality", null),
            Evaluation("c", "quality", 0.0, project: "p2"),
            Evaluation("zz", "quality", 0.0));

        var stats = await Store.ReadVendorStatsAsync(
            new VendorStatsQuery { ProjectId = "p1", Range = FirstHour, QualityScores = ["quality"], Examples = 3 }, None);

        var row = Assert.Single(stats);
        Assert.Equal(0.6, row.MeanQuality!.Value, 10);
        Assert.Equal(2, row.QualityCount);
        Assert.Equal(["a", "b", "c"], row.ExampleTraceIds);
    }

    [Fact]
    public async Task Vendor_quality_is_null_without_scores_and_examples_can_be_none()
    {
        await AppendAsync(Call("a", T0.AddMinutes(1)));
        await AppendAsync(Evaluation("a", "quality", 1.0));

        var stats = await Store.ReadVendorStatsAsync(new VendorStatsQuery { ProjectId = "p1", Range = FirstHour, Examples = 0 }, None);

        var row = Assert.Single(stats);
        Assert.Null(row.MeanQuality);
        Assert.Equal(0, row.QualityCount);
        Assert.Empty(row.ExampleTraceIds);
    }
}
