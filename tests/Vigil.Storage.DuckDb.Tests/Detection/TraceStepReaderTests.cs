namespace Vigil.Storage.DuckDb.Tests.Detection;

public sealed class TraceStepReaderTests : DetectionStore
{
    [Fact]
    public async Task Steps_count_llm_and_tool_spans_of_the_traces_whose_first_span_started_in_range()
    {
        await AppendAsync(
            Root("a", T0.AddMinutes(1)),
            Call("a", T0.AddMinutes(2)),
            Call("a", T0.AddMinutes(3), operation: "text_completion"),
            Call("a", T0.AddMinutes(4), operation: "execute_tool"),
            Call("a", T0.AddMinutes(5), operation: null),
            Call("a", T0.AddMinutes(6), operation: "invoke_agent"),
            Root("early", T0.AddMinutes(-1)),
            Call("early", T0.AddMinutes(2)),
            Root("late", T0.AddHours(1)),
            Call("late", T0.AddHours(1).AddMinutes(1)),
            Root("other", T0.AddMinutes(1), feature: "search"),
            Call("other", T0.AddMinutes(2), feature: "search"),
            Root("a", T0.AddMinutes(1), project: "p2"),
            Call("a", T0.AddMinutes(2), project: "p2"));

        var steps = await Store.ReadTraceStepsAsync("p1", "chat", FirstHour, None);

        var trace = Assert.Single(steps);
        Assert.Equal(("a", T0.AddMinutes(1), 3), (trace.TraceId, trace.Start, trace.Steps));
    }

    [Fact]
    public async Task Steps_include_a_trace_without_llm_spans_with_zero_and_count_spans_after_the_range_end()
    {
        await AppendAsync(
            Root("quiet", T0),
            Root("long", T0.AddMinutes(59)),
            Call("long", T0.AddMinutes(59).AddSeconds(30)),
            Call("long", T0.AddMinutes(61)));

        var steps = await Store.ReadTraceStepsAsync("p1", "chat", FirstHour, None);

        Assert.Equal([("quiet", 0), ("long", 2)], steps.Select(s => (s.TraceId, s.Steps)));
    }
}
