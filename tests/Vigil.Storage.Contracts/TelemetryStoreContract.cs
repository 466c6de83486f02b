using Vigil.Core.Spans;

namespace Vigil.Storage.Contracts;

/// <summary>Appending, reading traces back, atomicity, project isolation and retention.</summary>
public abstract class TelemetryStoreContract : TelemetryStoreContractBase
{
    [Fact]
    public async Task JournalWatermark_MovesWithEachCommit_NeverBackwards_EvenForAnEmptyBatch()
    {
        Assert.Equal(0, await Store.GetJournalWatermarkAsync(Ct));
        await AppendAsync(new TelemetryBatch { Spans = [Spans.Span()], JournalSequence = 7 });
        Assert.Equal(7, await Store.GetJournalWatermarkAsync(Ct));

        await AppendAsync(new TelemetryBatch { JournalSequence = 9 });
        Assert.Equal(9, await Store.GetJournalWatermarkAsync(Ct));

        await AppendAsync(new TelemetryBatch { Spans = [Spans.Span()], JournalSequence = 3 });
        await AppendAsync(new TelemetryBatch { Spans = [Spans.Span()] });
        Assert.Equal(9, await Store.GetJournalWatermarkAsync(Ct));
    }

    [Fact]
    public async Task Append_ThenGetTrace_RoundTripsEverySpanField()
    {
        var traceId = Spans.NewTraceId();
        var root = Spans.Span(traceId: traceId, start: T0, durationMs: 2000, name: "handle request");
        var full = Spans.FullyPopulated("p1", traceId, root.SpanId);
        await AppendAsync(root, full);

        var trace = await TraceAsync(traceId);

        Assert.NotNull(trace);
        var stored = Assert.Single(Assert.Single(trace.Roots).Children).Span;
        Assert.Equal(Normalised(full), Normalised(stored));
        Assert.Equal(full.FinishReasons, stored.FinishReasons);
        Assert.Equal(full.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal), stored.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal));
        Assert.Equal(full.Usage, stored.Usage);
        Assert.Equal(full.Model, stored.Model);
    }

    [Fact]
    public async Task Append_SpanWithOnlyRequiredFields_RoundTripsNullsAsNulls()
    {
        var minimal = new Span
        {
            ProjectId = "p1",
            TraceId = Spans.NewTraceId(),
            SpanId = Spans.NewSpanId(),
            Name = "retrieve",
            StartUnixNano = TestSpans.Nanos(T0) + 1,
            Service = "svc",
            Feature = "search",
        };
        await AppendAsync(minimal);

        var stored = Assert.Single((await TraceAsync(minimal.TraceId))!.Roots).Span;

        Assert.Equal(Normalised(minimal), Normalised(stored));
        Assert.Empty(stored.FinishReasons);
        Assert.Empty(stored.Attributes);
        Assert.True(stored.Usage.IsEmpty);
    }

    [Fact]
    public async Task Append_ThenGetTrace_ReturnsTheTraceTreeAndItsEvaluations()
    {
        var traceId = Spans.NewTraceId();
        var root = Spans.Span(traceId: traceId, start: T0, durationMs: 1000, name: "root", stage: Stages.EndToEnd);
        var child = Spans.Span(traceId: traceId, parentSpanId: root.SpanId, start: T0.AddMilliseconds(10), durationMs: 400);
        var evaluation = new EvaluationResult
        {
            ProjectId = "p1",
            TraceId = traceId,
            SpanId = child.SpanId,
            Name = "relevance",
            ScoreValue = 0.75,
            ScoreLabel = "relevant",
            Explanation = "answers the question",
            ResponseId = "resp-1",
            Source = "otlp",
            TimeUnixNano = TestSpans.Nanos(T0) + 5,
            Feature = "chat",
        };
        var otherProjects = evaluation with { ProjectId = "p2" };
        await AppendAsync(new TelemetryBatch { Spans = [root, child], Evaluations = [evaluation, otherProjects] });

        var trace = await TraceAsync(traceId);

        Assert.NotNull(trace);
        Assert.Equal(2, trace.SpanCount);
        Assert.Equal(root.SpanId, Assert.Single(trace.Roots).Span.SpanId);
        Assert.Equal(child.SpanId, Assert.Single(trace.Roots[0].Children).Span.SpanId);
        Assert.Equal(evaluation, Assert.Single(trace.Evaluations));
        Assert.Equal(0.02m, trace.Cost);
    }

    [Fact]
    public async Task GetTrace_UnknownTrace_IsNull() =>
        Assert.Null(await TraceAsync(Spans.NewTraceId()));

    [Fact]
    public async Task GetTrace_OtherProjectsTrace_IsNull()
    {
        var span = Spans.Span(project: "p2");
        await AppendAsync(span);

        Assert.Null(await TraceAsync(span.TraceId, project: "p1"));
        Assert.NotNull(await TraceAsync(span.TraceId, project: "p2"));
    }

    [Fact]
    public async Task GetTrace_SameTraceIdInTwoProjects_ReturnsOnlyTheAskedProjectsSpans()
    {
        var traceId = Spans.NewTraceId();
        await AppendAsync(Spans.Span(project: "p1", traceId: traceId), Spans.Span(project: "p2", traceId: traceId), Spans.Span(project: "p2", traceId: traceId));

        Assert.Equal(1, (await TraceAsync(traceId, "p1"))!.SpanCount);
        Assert.Equal(2, (await TraceAsync(traceId, "p2"))!.SpanCount);
    }

    [Fact]
    public async Task Append_FailingBatch_WritesNothing()
    {
        var good = Spans.Span();
        var bad = Spans.Span(traceId: good.TraceId) with { Name = null! };
        var evaluation = new EvaluationResult
        {
            ProjectId = "p1", TraceId = good.TraceId, Name = "relevance", Source = "otlp", TimeUnixNano = TestSpans.Nanos(T0), Feature = "chat",
        };

        await Assert.ThrowsAnyAsync<Exception>(() => AppendAsync(new TelemetryBatch { Spans = [good, bad], Evaluations = [evaluation] }));

        Assert.Null(await TraceAsync(good.TraceId));
        Assert.Empty((await StatsAsync(TimeSpan.FromMinutes(1))).Series);
        Assert.Empty((await SearchAsync(Search())).Items);
        Assert.Equal(0, (await CostsAsync()).PricedCalls);

        // The store still works after the failed batch.
        await AppendAsync(good);
        Assert.NotNull(await TraceAsync(good.TraceId));
        Assert.Equal(1, Assert.Single(Points(await StatsAsync(TimeSpan.FromMinutes(1)))).Count);
    }

    [Fact]
    public async Task Append_EmptyBatch_WritesNothing()
    {
        await AppendAsync(TelemetryBatch.Empty);

        Assert.Empty((await StatsAsync(TimeSpan.FromMinutes(1))).Series);
    }

    [Fact]
    public async Task Append_MetricPointsAndEvaluationsWithoutSpans_Succeeds()
    {
        var metric = new MetricPoint
        {
            ProjectId = "p1",
            Name = "rag.index.vectors",
            Unit = "{vector}",
            Kind = MetricKind.Histogram,
            TimeUnixNano = TestSpans.Nanos(T0),
            StartUnixNano = TestSpans.Nanos(T0.AddMinutes(-1)),
            Service = "indexer",
            Feature = "search",
            Value = 12.5,
            IsCumulative = true,
            Count = 3,
            Min = 1,
            Max = 9,
            BucketBounds = [1, 5, 10],
            BucketCounts = [1, 1, 1, 0],
            Attributes = new Dictionary<string, string> { ["index"] = "docs" },
        };

        await AppendAsync(new TelemetryBatch { Metrics = [metric, metric with { Kind = MetricKind.Gauge, BucketBounds = [], BucketCounts = [] }] });

        Assert.Empty((await StatsAsync(TimeSpan.FromMinutes(1))).Series);
    }

    [Fact]
    public async Task Append_ManyBatchesIntoOneMinute_CountsEverySpanOnce()
    {
        for (var i = 0; i < 5; i++)
        {
            await AppendAsync(Spans.Span(start: T0.AddSeconds(i)), Spans.Span(start: T0.AddSeconds(i + 30)));
        }

        var point = Assert.Single(Points(await StatsAsync(TimeSpan.FromMinutes(1))));
        Assert.Equal(10, point.Count);
        Assert.Equal(0.10m, point.CostSum);
    }

    [Fact]
    public async Task Retention_DeletesRawRowsAndRollupsBeforeTheirOwnCutoffs()
    {
        var old = Spans.Span(start: T0.AddHours(-3));
        var recent = Spans.Span(start: T0);
        await AppendAsync(old, recent);

        var first = await Store.ApplyRetentionAsync(T0.AddHours(-1), T0.AddHours(-5), Ct).WaitAsync(Timeout);

        Assert.Equal(1, first.SpansDeleted);
        Assert.Equal(0, first.RollupRowsDeleted);
        Assert.Null(await TraceAsync(old.TraceId));
        Assert.NotNull(await TraceAsync(recent.TraceId));
        Assert.Equal(2, Points(await StatsAsync(TimeSpan.FromMinutes(1))).Sum(p => p.Count));
        Assert.Equal(2, Points(await StatsAsync(TimeSpan.FromHours(1))).Sum(p => p.Count));

        var second = await Store.ApplyRetentionAsync(T0.AddHours(-1), T0.AddHours(-1), Ct).WaitAsync(Timeout);

        Assert.Equal(0, second.SpansDeleted);
        Assert.True(second.RollupRowsDeleted > 0);
        Assert.Equal(T0, Assert.Single(Points(await StatsAsync(TimeSpan.FromMinutes(1)))).Time);
        Assert.Equal(1, Points(await StatsAsync(TimeSpan.FromHours(1))).Sum(p => p.Count));
    }

    [Fact]
    public async Task Retention_AppliesToEveryProject()
    {
        await AppendAsync(Spans.Span(project: "p1", start: T0.AddHours(-3)), Spans.Span(project: "p2", start: T0.AddHours(-3)));

        var outcome = await Store.ApplyRetentionAsync(T0, T0, Ct).WaitAsync(Timeout);

        Assert.Equal(2, outcome.SpansDeleted);
        Assert.Empty((await StatsAsync(TimeSpan.FromMinutes(1), project: "p2")).Series);
    }

    /// <summary>The span with its collections replaced by shared empty ones, so that record equality compares every other field.</summary>
    protected static Span Normalised(Span span) => span with { FinishReasons = [], Attributes = EmptyAttributes };

    private static readonly IReadOnlyDictionary<string, string> EmptyAttributes = new Dictionary<string, string>();
}
