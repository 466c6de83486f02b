using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Spans;
using Vigil.Storage.Contracts;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb.Tests;

/// <summary>A failure at any stage of AppendAsync leaves every table as it was, the journal watermark included.</summary>
public sealed class AtomicityTests : IDisposable
{
    private static readonly string[] Tables =
        ["spans", "evaluations", "metric_points", "rollup_minute", "rollup_minute_sketch", "rollup_hour", "rollup_hour_sketch"];

    private readonly DuckDbDatabase _database = DuckDbDatabase.OpenInMemory(new FakeTimeProvider(TestSpans.T0));
    private readonly TestSpans _spans = new();

    public void Dispose() => _database.Dispose();

    public static TheoryData<string> FailingStages => ["span", "evaluation", "metric"];

    [Theory]
    [MemberData(nameof(FailingStages))]
    public async Task Append_FailureInAnyAppender_LeavesEveryTableUnchanged(string stage)
    {
        var store = new DuckDbTelemetryStore(_database);
        await store.AppendAsync(new TelemetryBatch { Spans = [_spans.Span()] }, CancellationToken.None);
        var before = Counts();
        var span = _spans.Span();
        var evaluation = new EvaluationResult
        {
            ProjectId = "p1", TraceId = span.TraceId, Name = "relevance", Source = "otlp", TimeUnixNano = span.StartUnixNano, Feature = "chat",
        };
        var metric = new MetricPoint { ProjectId = "p1", Name = "m", Kind = MetricKind.Gauge, TimeUnixNano = span.StartUnixNano, Service = "s", Feature = "f", Value = 1 };
        var batch = stage switch
        {
            "span" => new TelemetryBatch { Spans = [span, span with { Feature = null! }], Evaluations = [evaluation], Metrics = [metric] },
            "evaluation" => new TelemetryBatch { Spans = [span], Evaluations = [evaluation with { Source = null! }], Metrics = [metric] },
            _ => new TelemetryBatch { Spans = [span], Evaluations = [evaluation], Metrics = [metric, metric with { Name = null! }] },
        } with { JournalSequence = 5 };

        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendAsync(batch, CancellationToken.None));

        Assert.Equal(before, Counts());
        Assert.Equal(0, await store.GetJournalWatermarkAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Append_Cancelled_WritesNothing()
    {
        var store = new DuckDbTelemetryStore(_database);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AppendAsync(new TelemetryBatch { Spans = [_spans.Span()] }, cancelled.Token));

        Assert.All(Counts(), c => Assert.Equal(0, c));
    }

    private long[] Counts()
    {
        using var connection = _database.OpenReader();
        return [.. Tables.Select(t => connection.ScalarInt64("SELECT count(*) FROM " + t))];
    }
}
