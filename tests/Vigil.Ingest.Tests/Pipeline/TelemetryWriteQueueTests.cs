using Vigil.Core.Spans;
using Vigil.Ingest.Pipeline;

namespace Vigil.Ingest.Tests.Pipeline;

public sealed class TelemetryWriteQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Enqueue_CommittedTaskCompletes_OnlyAfterTheStoreCommitted()
    {
        var store = new GatedStore();
        var queue = new TelemetryWriteQueue(store, new WriteQueueOptions(), new IngestMetrics());
        var writer = queue.RunAsync(CancellationToken.None);

        Assert.True(queue.TryEnqueue(Batch(10), out var committed));
        await store.AppendStarted.Task.WaitAsync(Timeout);
        Assert.False(committed.IsCompleted);

        store.Release();
        await committed.WaitAsync(Timeout);
        Assert.Single(store.Committed);
        queue.Complete();
        await writer.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Enqueue_BeyondCapacity_IsRefusedAndMemoryStaysBounded()
    {
        var store = new GatedStore();
        var queue = new TelemetryWriteQueue(store, new WriteQueueOptions { Capacity = 100 }, new IngestMetrics());
        var writer = queue.RunAsync(CancellationToken.None);

        Assert.True(queue.TryEnqueue(Batch(60), out var first));
        await store.AppendStarted.Task.WaitAsync(Timeout);
        Assert.True(queue.TryEnqueue(Batch(40), out var second));
        Assert.False(queue.TryEnqueue(Batch(1), out _));
        Assert.Equal(100, queue.Depth);

        store.Release();
        await Task.WhenAll(first, second).WaitAsync(Timeout);
        Assert.Equal(0, queue.Depth);
        Assert.True(queue.TryEnqueue(Batch(1), out var third));
        await third.WaitAsync(Timeout);
        queue.Complete();
        await writer.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Writer_WaitingBatches_AreCommittedTogetherInOneTransaction()
    {
        var store = new GatedStore();
        var queue = new TelemetryWriteQueue(store, new WriteQueueOptions(), new IngestMetrics());
        var writer = queue.RunAsync(CancellationToken.None);

        Assert.True(queue.TryEnqueue(Batch(5), out var first));
        await store.AppendStarted.Task.WaitAsync(Timeout);
        var waiting = Enumerable.Range(0, 4).Select(_ => queue.TryEnqueue(Batch(5), out var c) ? c : throw new InvalidOperationException()).ToList();

        store.Release();
        await Task.WhenAll(waiting.Append(first)).WaitAsync(Timeout);
        Assert.Equal(2, store.Committed.Count);
        Assert.Equal(20, store.Committed[1].Spans.Count);
        queue.Complete();
        await writer.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Writer_StoreFails_EveryWaitingExportFailsRetryably()
    {
        var store = new GatedStore { Fail = true };
        var queue = new TelemetryWriteQueue(store, new WriteQueueOptions(), new IngestMetrics());
        var writer = queue.RunAsync(CancellationToken.None);

        Assert.True(queue.TryEnqueue(Batch(5), out var committed));
        store.Release();
        var ex = await Assert.ThrowsAsync<StoreWriteException>(() => committed.WaitAsync(Timeout));
        Assert.Contains("disk full", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, queue.Depth);
        queue.Complete();
        await writer.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Complete_DrainsWhatIsQueuedBeforeTheWriterStops()
    {
        var store = new GatedStore();
        var queue = new TelemetryWriteQueue(store, new WriteQueueOptions(), new IngestMetrics());
        Assert.True(queue.TryEnqueue(Batch(3), out var committed));
        queue.Complete();
        Assert.False(queue.TryEnqueue(Batch(1), out _));

        store.Release();
        await queue.RunAsync(CancellationToken.None).WaitAsync(Timeout);
        await committed.WaitAsync(Timeout);
        Assert.Single(store.Committed);
    }

    private static TelemetryBatch Batch(int spans) => new()
    {
        Spans = Enumerable.Range(0, spans).Select(i => new Span
        {
            ProjectId = "default",
            TraceId = "0af7651916cd43dd8448eb211c80319c",
            SpanId = i.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
            Name = "op",
            StartUnixNano = 1,
            Service = "svc",
            Feature = "svc",
        }).ToList(),
    };
}

public sealed class IngestAdmissionTests
{
    [Fact]
    public void TryAdmit_BeyondInFlightBytes_IsRefusedUntilReleased()
    {
        var queue = new TelemetryWriteQueue(new GatedStore(), new WriteQueueOptions { MaxInFlightBytes = 1000 }, new IngestMetrics());
        var admission = new IngestAdmission(queue);
        Assert.True(admission.TryAdmit(600, out _));
        Assert.False(admission.TryAdmit(600, out var refusal));
        Assert.Contains("exports in progress", refusal, StringComparison.Ordinal);
        admission.Release(600);
        Assert.True(admission.TryAdmit(600, out _));
        Assert.Equal(600, admission.InFlightBytes);
    }

    [Fact]
    public void TryAdmit_OneLargeRequestAlone_IsAdmitted()
    {
        var queue = new TelemetryWriteQueue(new GatedStore(), new WriteQueueOptions { MaxInFlightBytes = 1000 }, new IngestMetrics());
        Assert.True(new IngestAdmission(queue).TryAdmit(5000, out _));
    }

    [Fact]
    public async Task TryAdmit_WhileTheQueueIsFull_IsRefusedBeforeReadingTheBody()
    {
        var store = new GatedStore();
        var queue = new TelemetryWriteQueue(store, new WriteQueueOptions { Capacity = 5 }, new IngestMetrics());
        var writer = queue.RunAsync(CancellationToken.None);
        Assert.True(queue.TryEnqueue(new TelemetryBatch { Metrics = Enumerable.Range(0, 5).Select(_ => Point()).ToList() }, out var committed));
        Assert.False(new IngestAdmission(queue).TryAdmit(10, out var refusal));
        Assert.Contains("queue is full", refusal, StringComparison.Ordinal);
        store.Release();
        await committed.WaitAsync(TimeSpan.FromSeconds(30));
        queue.Complete();
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static MetricPoint Point() => new()
    {
        ProjectId = "default", Name = "m", Kind = MetricKind.Gauge, TimeUnixNano = 1, Service = "s", Feature = "s", Value = 1,
    };
}
