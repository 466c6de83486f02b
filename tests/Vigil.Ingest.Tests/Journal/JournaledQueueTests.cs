using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Vigil.Core.Pricing;
using Vigil.Ingest.Journal;
using Vigil.Ingest.Pipeline;
using Vigil.Ingest.Pricing;
using Vigil.Ingest.Tests.Pipeline;

namespace Vigil.Ingest.Tests.Journal;

public sealed class JournaledQueueTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly JournalDirectory _dir = new();

    [Fact]
    public async Task Export_IsAcknowledgedOnceJournaled_BeforeTheStoreCommits()
    {
        var store = new GatedStore();
        using var journal = IngestJournal.Open(_dir.Path);
        var (queue, ingest) = Pipeline(store, journal);
        var running = queue.RunAsync(CancellationToken.None);

        var outcome = await ingest.ExportTracesAsync(Request(3), Ingest.Project, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(IngestStatus.Accepted, outcome.Status);
        Assert.Empty(store.Committed);
        Assert.Equal(3, queue.Depth);
        Assert.Equal([1L], journal.ReadAfter(0).Select(r => r.Sequence));

        store.Release();
        queue.Complete();
        await running.WaitAsync(Timeout);
        var committed = Assert.Single(store.Committed);
        Assert.Equal(3, committed.Spans.Count);
        Assert.Equal(1, committed.JournalSequence);
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task Export_OfRawProtobufBytes_JournalsThemUnchanged()
    {
        var store = new GatedStore();
        store.Release();
        using var journal = IngestJournal.Open(_dir.Path);
        var (queue, ingest) = Pipeline(store, journal);
        var running = queue.RunAsync(CancellationToken.None);
        var request = Request(2);
        var bytes = request.ToByteArray();

        await ingest.ExportTracesAsync(request, Ingest.Project, CancellationToken.None, bytes).WaitAsync(Timeout);

        queue.Complete();
        await running.WaitAsync(Timeout);
        Assert.Equal(bytes, Assert.Single(IngestJournal.Open(_dir.Path).ReadAfter(0)).Payload.ToArray());
    }

    [Fact]
    public async Task Apply_WhenTheStoreFails_RetriesWithBackoffUntilItCommits_AndNothingIsLost()
    {
        var time = new FakeTimeProvider();
        var store = new GatedStore { Fail = true };
        store.Release();
        using var journal = IngestJournal.Open(_dir.Path);
        var (queue, ingest) = Pipeline(store, journal, time);
        var running = queue.RunAsync(CancellationToken.None);

        var outcome = await ingest.ExportTracesAsync(Request(4), Ingest.Project, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(IngestStatus.Accepted, outcome.Status);
        await store.AppendStarted.Task.WaitAsync(Timeout);
        Assert.False(await queue.WaitForAcknowledgedAsync(TimeSpan.Zero, CancellationToken.None));

        store.Fail = false;
        var caughtUp = queue.WaitForAcknowledgedAsync(TimeSpan.FromHours(1), CancellationToken.None);
        while (!caughtUp.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }

        Assert.True(await caughtUp);
        Assert.Equal(4, Assert.Single(store.Committed).Spans.Count);
        queue.Complete();
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Replay_CommitsExactlyTheRecordsAboveTheStoresWatermark_InOrder()
    {
        using (var journal = IngestJournal.Open(_dir.Path))
        {
            foreach (var spans in new[] { 1, 2, 3, 4 })
            {
                journal.Write(JournalRecordKind.Traces, Ingest.Project, Request(spans).ToByteArray());
            }

            journal.Sync();
        }

        var store = new GatedStore();
        store.Release();
        await store.AppendAsync(new Core.Spans.TelemetryBatch { JournalSequence = 2 }, CancellationToken.None);
        using var reopened = IngestJournal.Open(_dir.Path);
        var (_, ingest) = Pipeline(store, reopened);

        var replayed = await JournalReplay.RunAsync(reopened, store, ingest.Remap, maxItemsPerCommit: 3, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(2, replayed);
        Assert.Equal([2L, 3L, 4L], store.Committed.Select(b => b.JournalSequence));
        Assert.Equal([0, 3, 4], store.Committed.Select(b => b.Spans.Count));
        Assert.Equal(Ingest.Project, store.Committed[1].Spans[0].ProjectId);
    }

    [Fact]
    public async Task Replay_OfAJournalBehindTheStore_ContinuesNumberingAboveTheWatermark()
    {
        var store = new GatedStore();
        store.Release();
        await store.AppendAsync(new Core.Spans.TelemetryBatch { JournalSequence = 9 }, CancellationToken.None);
        using var journal = IngestJournal.Open(_dir.Path);
        var (queue, ingest) = Pipeline(store, journal);

        Assert.Equal(0, await JournalReplay.RunAsync(journal, store, ingest.Remap, 100, NullLogger.Instance, CancellationToken.None));
        var running = queue.RunAsync(CancellationToken.None);
        await ingest.ExportTracesAsync(Request(1), Ingest.Project, CancellationToken.None).WaitAsync(Timeout);
        queue.Complete();
        await running.WaitAsync(Timeout);

        Assert.Equal(10, store.Committed[^1].JournalSequence);
    }

    public void Dispose() => _dir.Dispose();

    private static (TelemetryWriteQueue Queue, IngestService Ingest) Pipeline(GatedStore store, IngestJournal journal, TimeProvider? time = null)
    {
        var metrics = new IngestMetrics();
        var queue = new TelemetryWriteQueue(store, new WriteQueueOptions(), metrics, journal, time);
        var ingest = new IngestService(new IngestLimits(), queue, new PriceBook(PriceCatalog.Create([Ingest.Gpt4o])), metrics);
        return (queue, ingest);
    }

    private static ExportTraceServiceRequest Request(int spans) =>
        Make.Traces([.. Enumerable.Range(0, spans).Select(_ => Make.Span(("gen_ai.system", "openai"), ("gen_ai.request.model", "gpt-4o")))]);
}
