using Vigil.Core.Queries;
using Vigil.Core.Spans;

namespace Vigil.Storage.Contracts;

/// <summary><see cref="Core.Ports.ITelemetryStore.SearchTracesAsync"/>: matching, summaries, filters and paging.</summary>
public abstract class TraceSearchContract : TelemetryStoreContractBase
{
    [Fact]
    public async Task Search_SummarisesTheWholeTrace_NewestFirst()
    {
        var traceId = Spans.NewTraceId();
        var root = Spans.Span(traceId: traceId, start: T0, durationMs: 1500, name: "POST /ask", model: null, feature: "support", team: "care", release: "r9", stage: Stages.EndToEnd, cost: null, pricing: PricingStatus.NotApplicable, input: 0, output: 0) with { UserId = "u1" };
        var llm = Spans.Span(traceId: traceId, parentSpanId: root.SpanId, start: T0.AddMilliseconds(100), durationMs: 600, model: "gpt-4o", status: SpanStatus.Error, cost: 0.02m, input: 100, output: 10);
        var unpriced = Spans.Span(traceId: traceId, parentSpanId: root.SpanId, start: T0.AddMilliseconds(800), durationMs: 900, model: "mystery", cost: null, input: 5, output: 5);
        var older = Spans.Span(start: T0.AddMinutes(-5));
        await AppendAsync(llm, root, unpriced, older);

        var page = await SearchAsync(Search());

        Assert.Equal([traceId, older.TraceId], page.Items.Select(i => i.TraceId));
        Assert.Null(page.NextCursor);
        var summary = page.Items[0];
        Assert.Equal("POST /ask", summary.RootName);
        Assert.Equal(("svc", "support", "care", "u1", "r9"), (summary.Service, summary.Feature, summary.Team, summary.UserId, summary.Release));
        Assert.Equal(T0, summary.Start);
        Assert.Equal(1700, summary.DurationMs, 6);
        Assert.Equal((3, 1, 105L, 15L, 0.02m, 1), (summary.SpanCount, summary.ErrorCount, summary.InputTokens, summary.OutputTokens, summary.Cost, summary.UnpricedCalls));
        Assert.Equal(["gpt-4o", "mystery"], summary.Models.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Search_RootName_IsTheParentlessSpanElseTheEarliest()
    {
        var orphanTrace = Spans.NewTraceId();
        await AppendAsync(
            Spans.Span(traceId: orphanTrace, parentSpanId: "00000000000000aa", start: T0.AddSeconds(2), name: "late orphan"),
            Spans.Span(traceId: orphanTrace, parentSpanId: "00000000000000bb", start: T0.AddSeconds(1), name: "early orphan"));

        var summary = Assert.Single((await SearchAsync(Search())).Items);

        Assert.Equal("early orphan", summary.RootName);
    }

    [Fact]
    public async Task Search_OtherProjectsTraces_AreInvisible()
    {
        var traceId = Spans.NewTraceId();
        await AppendAsync(Spans.Span(project: "p2"), Spans.Span(project: "p2", traceId: traceId), Spans.Span(project: "p1", traceId: traceId));

        var summary = Assert.Single((await SearchAsync(Search("p1"))).Items);

        Assert.Equal(traceId, summary.TraceId);
        Assert.Equal(1, summary.SpanCount);
        Assert.Equal(2, (await SearchAsync(Search("p2"))).Items.Count);
        Assert.Empty((await SearchAsync(Search("p3"))).Items);
    }

    [Fact]
    public async Task Search_AnyMatchingSpanSelectsTheTrace_ButTheSummaryCoversAllItsSpans()
    {
        var traceId = Spans.NewTraceId();
        var root = Spans.Span(traceId: traceId, feature: "gateway", team: "platform", cost: 0.01m);
        await AppendAsync(root, Spans.Span(traceId: traceId, parentSpanId: root.SpanId, feature: "rag", team: "search", userId: "u7", cost: 0.03m), Spans.Span(feature: "other"));

        foreach (var filter in new[] { new SpanFilter { Feature = "rag" }, new SpanFilter { Team = "search" }, new SpanFilter { UserId = "u7" } })
        {
            var summary = Assert.Single((await SearchAsync(Search() with { Filter = filter })).Items);
            Assert.Equal(traceId, summary.TraceId);
            Assert.Equal((2, 0.04m, "gateway"), (summary.SpanCount, summary.Cost, summary.Feature));
        }
    }

    [Fact]
    public async Task Search_TraceWithNoSpanInTheRange_IsNotFound()
    {
        await AppendAsync(Spans.Span(start: T0.AddHours(-2)), Spans.Span(start: T0.AddHours(2)));

        Assert.Empty((await SearchAsync(Search(range: new TimeRange(T0.AddHours(-1), T0.AddHours(2))))).Items);
        Assert.Single((await SearchAsync(Search(range: new TimeRange(T0.AddHours(-1), T0.AddHours(3))))).Items);
    }

    [Fact]
    public async Task Search_StatusFilter_SplitsTracesByWhetherAnySpanFailed()
    {
        var failed = Spans.NewTraceId();
        await AppendAsync(Spans.Span(traceId: failed), Spans.Span(traceId: failed, status: SpanStatus.Error), Spans.Span(), Spans.Span());

        Assert.Equal(failed, Assert.Single((await SearchAsync(Search() with { Status = SpanStatus.Error })).Items).TraceId);
        Assert.Equal(2, (await SearchAsync(Search() with { Status = SpanStatus.Ok })).Items.Count);
        Assert.Equal(3, (await SearchAsync(Search())).Items.Count);
    }

    [Fact]
    public async Task Search_MinCostAndMinDuration_ApplyToTheWholeTrace()
    {
        var expensive = Spans.NewTraceId();
        await AppendAsync(
            Spans.Span(traceId: expensive, cost: 0.3m, durationMs: 100),
            Spans.Span(traceId: expensive, cost: 0.3m, start: T0.AddSeconds(4), durationMs: 1000),
            Spans.Span(cost: 0.5m, durationMs: 2000));

        Assert.Equal(expensive, Assert.Single((await SearchAsync(Search() with { MinCost = 0.6m })).Items).TraceId);
        Assert.Equal(expensive, Assert.Single((await SearchAsync(Search() with { MinDurationMs = 4500 })).Items).TraceId);
        Assert.Equal(2, (await SearchAsync(Search() with { MinCost = 0.5m, MinDurationMs = 2000 })).Items.Count);
    }

    [Fact]
    public async Task Search_CursorPagination_VisitsEveryTraceOnce()
    {
        var spans = Enumerable.Range(0, 23).Select(i => Spans.Span(start: T0.AddSeconds(i / 3))).ToList();
        await AppendAsync([.. spans]);

        var seen = new List<TraceSummary>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await SearchAsync(Search() with { Limit = 5, Cursor = cursor });
            Assert.InRange(page.Items.Count, 1, 5);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(5, pages);
        Assert.Equal(spans.Select(s => s.TraceId).Order(StringComparer.Ordinal), seen.Select(s => s.TraceId).Order(StringComparer.Ordinal));
        Assert.Equal(seen.OrderByDescending(s => s.Start).ThenByDescending(s => s.TraceId, StringComparer.Ordinal).Select(s => s.TraceId), seen.Select(s => s.TraceId));
    }

    [Fact]
    public async Task Search_LongTraceMatchingOnlyLate_IsOrderedByItsStart()
    {
        var longTrace = Spans.NewTraceId();
        var root = Spans.Span(traceId: longTrace, start: T0.AddHours(-10), feature: "batch");
        await AppendAsync(
            root,
            Spans.Span(traceId: longTrace, parentSpanId: root.SpanId, start: T0.AddMinutes(50), feature: "rag"),
            Spans.Span(start: T0.AddMinutes(10), feature: "rag"),
            Spans.Span(start: T0.AddMinutes(20), feature: "rag"),
            Spans.Span(start: T0.AddMinutes(30), feature: "rag"));
        var query = Search(range: new TimeRange(T0.AddDays(-1), T0.AddHours(1))) with { Filter = new SpanFilter { Feature = "rag" }, Limit = 2 };

        var first = await SearchAsync(query);
        var second = await SearchAsync(query with { Cursor = first.NextCursor });

        Assert.Equal([T0.AddMinutes(30), T0.AddMinutes(20)], first.Items.Select(i => i.Start));
        Assert.Equal([T0.AddMinutes(10), T0.AddHours(-10)], second.Items.Select(i => i.Start));
        Assert.Equal(longTrace, second.Items[1].TraceId);
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task Search_ExactlyOneFullPage_HasNoNextCursor()
    {
        await AppendAsync(Spans.Span(), Spans.Span());

        Assert.Null((await SearchAsync(Search() with { Limit = 2 })).NextCursor);
    }

    [Fact]
    public async Task Search_ForeignCursor_IsRejected() =>
        await Assert.ThrowsAnyAsync<ArgumentException>(() => SearchAsync(Search() with { Cursor = "not a cursor!" }));
}
