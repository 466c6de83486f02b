using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb.Tests.Detection;

public sealed class TraceSampleReaderTests : DetectionStore
{
    [Fact]
    public async Task Trace_sample_sums_llm_usage_and_falls_back_to_the_first_calls_content()
    {
        await AppendAsync(
            Root("a", T0.AddMinutes(1), 1234.5) with { InputContent = "question" },
            Call("a", T0.AddMinutes(1).AddSeconds(2), model: "second", input: 20, output: 2, cost: null) with
            {
                ReportedCost = 0.5m, InputContent = "second in", OutputContent = "second out", FinishReasons = ["length"],
            },
            Call("a", T0.AddMinutes(1).AddSeconds(1), model: null, input: 10, output: 1, cost: 0.25m) with
            {
                ResponseModel = "first", InputContent = "first in", OutputContent = "first out", FinishReasons = ["stop", "length"],
            },
            Call("a", T0.AddMinutes(1).AddSeconds(3), operation: "execute_tool", input: 1000, output: 1000, cost: 9m) with { OutputContent = "tool out" },
            Call("a", T0.AddMinutes(2), project: "p2", input: 1000));

        var samples = await Store.ReadTraceSampleAsync("p1", "chat", FirstHour, 10, None);

        var sample = Assert.Single(samples);
        Assert.Equal(("a", T0.AddMinutes(1), "question", "first out"), (sample.TraceId, sample.Start, sample.Input, sample.Output));
        Assert.Equal((30L, 3L), (sample.InputTokens, sample.OutputTokens));
        Assert.Equal(0.75, sample.CostUsd, 10);
        Assert.Equal(1234.5, sample.DurationMs, 6);
        Assert.Equal(("first", "stop"), (sample.Model, sample.FinishReason));
    }

    [Fact]
    public async Task Trace_sample_takes_the_retrieval_query_as_input_names_the_tools_called_and_averages_each_evaluation()
    {
        await AppendAsync(
            Root("a", T0.AddMinutes(1)),
            Call("a", T0.AddMinutes(1).AddSeconds(1), operation: "retrieval") with
            {
                Attributes = new Dictionary<string, string> { ["gen_ai.retrieval.query.text"] = "how do refunds work" },
            },
            Call("a", T0.AddMinutes(1).AddSeconds(2)) with { InputContent = "Documents: … Question: how do refunds work" },
            Call("a", T0.AddMinutes(1).AddSeconds(3), operation: "execute_tool") with { Attributes = new Dictionary<string, string> { ["gen_ai.tool.name"] = "search" } },
            Call("a", T0.AddMinutes(1).AddSeconds(4), operation: "execute_tool") with { Attributes = new Dictionary<string, string> { ["gen_ai.tool.name"] = "fetch" } },
            Call("a", T0.AddMinutes(1).AddSeconds(5), operation: "execute_tool") with { Attributes = new Dictionary<string, string> { ["gen_ai.tool.name"] = "search" } },
            Root("b", T0.AddMinutes(2)));
        await AppendAsync(Evaluation("a", "groundedness", 0.5), Evaluation("a", "groundedness", 1.0), Evaluation("a", "refusal", 0), Evaluation("a", "label_only", null));

        var samples = (await Store.ReadTraceSampleAsync("p1", "chat", FirstHour, 10, None)).ToDictionary(s => s.TraceId);

        Assert.Equal(("how do refunds work", "fetch,search"), (samples["a"].Input, samples["a"].Tools));
        Assert.Equal(new Dictionary<string, double> { ["groundedness"] = 0.75, ["refusal"] = 0 }, samples["a"].Scores);
        Assert.Null(samples["b"].Tools);
        Assert.Empty(samples["b"].Scores);
    }

    [Fact]
    public async Task Trace_sample_of_a_trace_without_calls_has_no_model_and_zero_usage()
    {
        await AppendAsync(Root("a", T0) with { OutputContent = "answer" });

        var sample = Assert.Single(await Store.ReadTraceSampleAsync("p1", "chat", FirstHour, 10, None));

        Assert.Equal((null, "answer", 0L, 0L, 0.0, null, null), (sample.Input, sample.Output, sample.InputTokens, sample.OutputTokens, sample.CostUsd, sample.Model, sample.FinishReason));
    }

    [Fact]
    public async Task Trace_sample_is_deterministic_limited_by_trace_hash_and_ordered_by_start()
    {
        var ids = Enumerable.Range(0, 12).Select(i => "trace-" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await AppendAsync(
        [
            .. ids.Select((id, i) => Root(id, T0.AddMinutes(59 - i))),
            Root("other-feature", T0, feature: "search"),
            Root("other-project", T0, project: "p2"),
            Root("at-the-end", T0.AddHours(1)),
            Root("before", T0.AddTicks(-1)),
        ]);

        var first = await Store.ReadTraceSampleAsync("p1", "chat", FirstHour, 5, None);
        var second = await Store.ReadTraceSampleAsync("p1", "chat", FirstHour, 5, None);

        var expected = ids.OrderBy(TraceKey.Of).Take(5).ToHashSet();
        Assert.Equal(expected, first.Select(s => s.TraceId).ToHashSet());
        Assert.Equal(first.Select(s => s.TraceId), second.Select(s => s.TraceId));
        Assert.Equal(first.OrderBy(s => s.Start).Select(s => s.Start), first.Select(s => s.Start));
        Assert.Empty(await Store.ReadTraceSampleAsync("p1", "chat", FirstHour, 0, None));
    }
}
