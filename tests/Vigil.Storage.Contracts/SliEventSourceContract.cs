using Vigil.Core.Ports;
using Vigil.Core.Slos;
using Vigil.Core.Spans;

namespace Vigil.Storage.Contracts;

/// <summary>
/// <see cref="ISliEventSource"/> on a telemetry store: events by commit, whole batches per page, a cursor
/// that reads every committed span and evaluation once, however late it arrived.
/// </summary>
public abstract class SliEventSourceContract : TelemetryStoreContractBase
{
    private static readonly long Since = TestSpans.Nanos(T0.AddDays(-1));

    private ISliEventSource Source =>
        Store as ISliEventSource ?? throw new InvalidOperationException("the store under test does not implement ISliEventSource");

    [Fact]
    public async Task Read_EmptyStore_IsEmpty_AndKeepsTheCursor()
    {
        var first = await ReadAsync(0);
        var later = await ReadAsync(42);

        Assert.True(first.IsEmpty);
        Assert.Equal(0, first.LastBatch);
        Assert.True(later.IsEmpty);
        Assert.Equal(42, later.LastBatch);
    }

    [Fact]
    public async Task Read_ReturnsEverySpanOnce_AcrossPages_InWholeBatches()
    {
        var batchOf = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] sizes = [1, 4, 2, 7, 1, 1, 3, 5, 2, 1];
        for (var b = 0; b < sizes.Length; b++)
        {
            var spans = Enumerable.Range(0, sizes[b]).Select(i => Spans.Span(start: T0.AddSeconds(i - b))).ToArray();
            foreach (var span in spans)
            {
                batchOf[span.TraceId] = b;
            }

            await AppendAsync(spans);
        }

        const int maxRows = 3;
        var pages = await ReadAllAsync(0, maxRows);

        var read = pages.SelectMany(p => p.Spans).Select(s => s.TraceId).ToList();
        Assert.Equal(batchOf.Keys.Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));
        var batchesOfPages = pages.Select(p => p.Spans.Select(s => batchOf[s.TraceId]).Distinct().Order().ToList()).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            var batches = batchesOfPages[i];
            Assert.NotEmpty(batches);
            foreach (var b in batches)
            {
                // Whole batches: every span of a batch the page touches is in the page.
                Assert.Equal(sizes[b], pages[i].Spans.Count(s => batchOf[s.TraceId] == b));
            }

            // Pages follow commit order, and stop at the first batch that brings the page to maxRows.
            Assert.Equal(Enumerable.Range(batches[0], batches.Count), batches);
            Assert.True(pages[i].Spans.Count - sizes[batches[^1]] < maxRows, $"page {i} holds a batch too many");
            if (i < pages.Count - 1)
            {
                Assert.True(pages[i].Spans.Count >= maxRows, $"page {i} stopped early");
                Assert.Equal(batches[^1] + 1, batchesOfPages[i + 1][0]);
            }
        }

        Assert.Equal(0, batchesOfPages[0][0]);
        Assert.Equal(sizes.Length - 1, batchesOfPages[^1][^1]);
        Assert.Equal(pages.Select(p => p.LastBatch).Order(), pages.Select(p => p.LastBatch));
        Assert.Equal(pages.Count, pages.Select(p => p.LastBatch).Distinct().Count());
    }

    [Fact]
    public async Task Read_ABatchLargerThanThePage_ComesWhole()
    {
        await AppendAsync(Spans.Span());
        var big = Enumerable.Range(0, 6).Select(_ => Spans.Span()).ToArray();
        await AppendAsync(big);
        var first = await ReadAsync(0, maxRows: 1);

        var second = await ReadAsync(first.LastBatch, maxRows: 2);

        Assert.Single(first.Spans);
        Assert.Equal(big.Select(s => s.TraceId).Order(StringComparer.Ordinal), second.Spans.Select(s => s.TraceId).Order(StringComparer.Ordinal));
        Assert.True(second.LastBatch > first.LastBatch);
    }

    [Fact]
    public async Task Read_NothingNew_ReturnsNothing_AndTheSameCursor()
    {
        await AppendAsync(Spans.Span(), Spans.Span());
        var all = await ReadAsync(0);

        var again = await ReadAsync(all.LastBatch);
        await AppendAsync(new TelemetryBatch { JournalSequence = 5 });  // takes a batch number, holds no event
        var afterEmptyCommit = await ReadAsync(all.LastBatch);

        Assert.Equal(2, all.Spans.Count);
        Assert.True(all.LastBatch > 0);
        Assert.True(again.IsEmpty);
        Assert.Equal(all.LastBatch, again.LastBatch);
        Assert.True(afterEmptyCommit.IsEmpty);
        Assert.Equal(all.LastBatch, afterEmptyCommit.LastBatch);
    }

    [Fact]
    public async Task Read_MapsEverySliField_ModelIsTheResponseModelElseTheRequestModel()
    {
        var root = Spans.Span(model: "gpt-4o-mini", status: SpanStatus.Error, cost: null);
        var full = Spans.FullyPopulated("p1", root.TraceId, root.SpanId);
        var onlyResponse = Spans.Span(model: null) with { ResponseModel = "served-model", Operation = "embeddings", CacheHit = false };
        var none = Spans.Span(model: null, provider: null, team: null, stage: null);
        await AppendAsync(root, full, onlyResponse, none);

        var page = await ReadAsync(0);

        Assert.Equal(
            new[] { root, full, onlyResponse, none }.Select(SliSpan.From).OrderBy(Key, StringComparer.Ordinal),
            page.Spans.OrderBy(Key, StringComparer.Ordinal));
        var spans = page.Spans.ToDictionary(Key, StringComparer.Ordinal);
        Assert.Equal("gpt-4o-mini", spans[Key(SliSpan.From(root))].Model);
        Assert.Equal("claude-sonnet-4-20250514", spans[Key(SliSpan.From(full))].Model);
        Assert.Equal("served-model", spans[Key(SliSpan.From(onlyResponse))].Model);
        Assert.Null(spans[Key(SliSpan.From(none))].Model);
        Assert.True(spans[Key(SliSpan.From(root))].IsRoot);
        Assert.False(spans[Key(SliSpan.From(full))].IsRoot);

        static string Key(SliSpan s) => s.TraceId + "/" + s.ParentSpanId + "/" + s.Model;
    }

    [Fact]
    public async Task Read_SinceFilter_DropsOlderEvents_ButTheCursorMovesPastThem()
    {
        var since = T0.AddMinutes(-10);
        var old = Spans.Span(start: since.AddTicks(-1));
        var atSince = Spans.Span(start: since);
        var recent = Spans.Span(start: T0);
        var oldEvaluation = Evaluation(old, T0.AddMinutes(-20));
        var recentEvaluation = Evaluation(old, since);
        await AppendAsync(new TelemetryBatch { Spans = [old, atSince, recent], Evaluations = [oldEvaluation, recentEvaluation] });
        await AppendAsync(Spans.Span(start: T0.AddHours(-1)));

        var page = await ReadAsync(0, TestSpans.Nanos(since));
        var next = await ReadAsync(page.LastBatch, TestSpans.Nanos(since));

        Assert.Equal(new[] { atSince.TraceId, recent.TraceId }.Order(StringComparer.Ordinal), page.Spans.Select(s => s.TraceId).Order(StringComparer.Ordinal));
        Assert.Equal(TestSpans.Nanos(since), Assert.Single(page.Evaluations).TimeUnixNano);
        Assert.True(next.IsEmpty);
        Assert.Equal(page.LastBatch, next.LastBatch);

        // A batch holding only events older than since is covered too: the cursor does not stay behind it.
        var before = page.LastBatch;
        await AppendAsync(Spans.Span(start: T0.AddHours(-2)));
        var skipped = await ReadAsync(before, TestSpans.Nanos(since));
        Assert.True(skipped.IsEmpty);
        Assert.True(skipped.LastBatch > before);
        Assert.Equal(skipped.LastBatch, (await ReadAsync(skipped.LastBatch, TestSpans.Nanos(since))).LastBatch);
    }

    [Fact]
    public async Task Read_Evaluation_CarriesTheDimensionsOfItsSpan_NullWhenItsSpanIsUnknown()
    {
        var full = Spans.FullyPopulated("p1", Spans.NewTraceId(), Spans.NewSpanId());
        var requestOnly = Spans.Span(model: "gpt-4o", team: null) with { Segment = "free" };
        var onFull = Evaluation(full, T0.AddSeconds(1), name: "groundedness", score: 0.9, label: "grounded");
        var onRequestOnly = Evaluation(requestOnly, T0.AddSeconds(2));
        var unknownSpan = Evaluation(requestOnly, T0.AddSeconds(3)) with { SpanId = Spans.NewSpanId(), Feature = "search", Source = "feedback" };
        var noSpan = Evaluation(requestOnly, T0.AddSeconds(4)) with { SpanId = null, Feature = "search" };
        await AppendAsync(new TelemetryBatch { Spans = [full, requestOnly], Evaluations = [onFull, onRequestOnly, unknownSpan, noSpan] });

        var evaluations = (await ReadAsync(0)).Evaluations.OrderBy(e => e.TimeUnixNano).ToList();

        Assert.Equal(4, evaluations.Count);
        Assert.Equal(
            new SliEvaluation
            {
                ProjectId = "p1",
                TraceId = full.TraceId,
                Name = "groundedness",
                ScoreValue = 0.9,
                ScoreLabel = "grounded",
                Source = "otlp",
                TimeUnixNano = TestSpans.Nanos(T0.AddSeconds(1)),
                Feature = "support-bot",
                Team = "care",
                Segment = "enterprise",
                Stage = Stages.Generation,
                Provider = "anthropic",
                Model = "claude-sonnet-4-20250514",
            },
            evaluations[0]);
        Assert.Equal(("chat", null, "free", Stages.Generation, "openai", "gpt-4o"), Dims(evaluations[1]));
        Assert.Null(evaluations[1].ScoreLabel);
        Assert.Equal(("search", null, null, null, null, null), Dims(evaluations[2]));
        Assert.Equal("feedback", evaluations[2].Source);
        Assert.Equal(("search", null, null, null, null, null), Dims(evaluations[3]));
    }

    [Fact]
    public async Task Read_MultipleProjects_AreAllRead_AndEvaluationsJoinTheirOwnProjectsSpan()
    {
        var traceId = Spans.NewTraceId();
        var p1 = Spans.Span(project: "p1", traceId: traceId, team: "alpha");
        var p2 = Spans.Span(project: "p2", traceId: traceId, team: "beta") with { SpanId = p1.SpanId };
        var p3 = Spans.Span(project: "p3");
        await AppendAsync(new TelemetryBatch { Spans = [p1, p2], Evaluations = [Evaluation(p1, T0), Evaluation(p2, T0.AddSeconds(1))] });
        await AppendAsync(p3);

        var page = await ReadAsync(0);

        Assert.Equal(["p1", "p2", "p3"], page.Spans.Select(s => s.ProjectId).Order(StringComparer.Ordinal));
        Assert.Equal(
            [("p1", "alpha"), ("p2", "beta")],
            page.Evaluations.Select(e => (e.ProjectId, e.Team)).OrderBy(e => e.ProjectId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Read_ALateSpan_OldStartInANewBatch_IsReadByTheNextReadAfterItsCommit()
    {
        await AppendAsync(Spans.Span(start: T0), Spans.Span(start: T0.AddMinutes(1)));
        var first = await ReadAsync(0);
        var late = Spans.Span(start: T0.AddMinutes(-30));
        var lateEvaluation = Evaluation(late, T0.AddMinutes(-29));

        await AppendAsync(new TelemetryBatch { Spans = [late], Evaluations = [lateEvaluation] });
        var next = await ReadAsync(first.LastBatch);
        var after = await ReadAsync(next.LastBatch);

        Assert.Equal(2, first.Spans.Count);
        Assert.Equal(SliSpan.From(late), Assert.Single(next.Spans));
        Assert.Equal(late.TraceId, Assert.Single(next.Evaluations).TraceId);
        Assert.Equal("core", next.Evaluations[0].Team);
        Assert.True(next.LastBatch > first.LastBatch);
        Assert.True(after.IsEmpty);
        Assert.Equal(next.LastBatch, after.LastBatch);
    }

    [Fact]
    public async Task Read_EvaluationsCountTowardsThePage_AndComeWithTheirBatch()
    {
        var a = Spans.Span();
        await AppendAsync(new TelemetryBatch { Spans = [a], Evaluations = [Evaluation(a, T0), Evaluation(a, T0.AddSeconds(1))] });
        var b = Spans.Span();
        await AppendAsync(new TelemetryBatch { Spans = [b], Evaluations = [Evaluation(b, T0)] });

        var first = await ReadAsync(0, maxRows: 3);
        var second = await ReadAsync(first.LastBatch, maxRows: 3);

        Assert.Equal(a.TraceId, Assert.Single(first.Spans).TraceId);
        Assert.Equal(2, first.Evaluations.Count);
        Assert.All(first.Evaluations, e => Assert.Equal(a.TraceId, e.TraceId));
        Assert.Equal(b.TraceId, Assert.Single(second.Spans).TraceId);
        Assert.Equal(b.TraceId, Assert.Single(second.Evaluations).TraceId);
    }

    private Task<SliEventPage> ReadAsync(long afterBatch, long? since = null, int maxRows = 10_000) =>
        Source.ReadSliEventsAsync(afterBatch, since ?? Since, maxRows, Ct).WaitAsync(Timeout);

    /// <summary>Pages until a read brings nothing new; checks that the cursor then stays put.</summary>
    private async Task<List<SliEventPage>> ReadAllAsync(long afterBatch, int maxRows)
    {
        var pages = new List<SliEventPage>();
        for (var cursor = afterBatch; ;)
        {
            var page = await ReadAsync(cursor, maxRows: maxRows);
            if (page.IsEmpty)
            {
                Assert.Equal(cursor, page.LastBatch);
                return pages;
            }

            Assert.True(page.LastBatch > cursor);
            pages.Add(page);
            cursor = page.LastBatch;
            Assert.True(pages.Count < 1000, "the cursor does not advance");
        }
    }

    private static EvaluationResult Evaluation(Span span, DateTimeOffset time, string name = "relevance", double? score = 0.5, string? label = null) => new()
    {
        ProjectId = span.ProjectId,
        TraceId = span.TraceId,
        SpanId = span.SpanId,
        Name = name,
        ScoreValue = score,
        ScoreLabel = label,
        Explanation = "because",
        Source = "otlp",
        TimeUnixNano = TestSpans.Nanos(time),
        Feature = span.Feature,
    };

    private static (string Feature, string? Team, string? Segment, string? Stage, string? Provider, string? Model) Dims(SliEvaluation e) =>
        (e.Feature, e.Team, e.Segment, e.Stage, e.Provider, e.Model);
}
