using System.Diagnostics;
using System.Threading.Channels;
using Vigil.Core.Ports;
using Vigil.Core.Spans;

namespace Vigil.Ingest.Pipeline;

/// <summary>
/// A bounded queue in front of <see cref="ITelemetryStore.AppendAsync"/> with group commit: one
/// writer drains whatever is waiting (up to <see cref="WriteQueueOptions.MaxItemsPerCommit"/>
/// items) into one transaction, then completes every waiting export at once. An export is
/// acknowledged only when its <c>committed</c> task completes, that is after the commit.
/// </summary>
public sealed class TelemetryWriteQueue
{
    private readonly Channel<PendingWrite> _channel = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly ITelemetryStore _store;
    private readonly IngestMetrics _metrics;
    private readonly WriteQueueOptions _options;
    private long _depth;

    public TelemetryWriteQueue(ITelemetryStore store, WriteQueueOptions options, IngestMetrics metrics)
    {
        _store = store;
        _options = options;
        _metrics = metrics;
        _metrics.ObserveQueueDepth(() => Interlocked.Read(ref _depth));
    }

    /// <summary>Items waiting for the writer.</summary>
    public long Depth => Interlocked.Read(ref _depth);

    public WriteQueueOptions Options => _options;

    /// <summary>
    /// At least 90 % full: readiness fails and new exports are refused before their bodies are read,
    /// since the exports already in flight will fill the last tenth.
    /// </summary>
    public bool IsNearlyFull => Depth >= _options.Capacity * 0.9;

    /// <summary>
    /// Queues a batch unless the queue is full or closed. The returned task completes when the batch
    /// is committed, and fails with <see cref="StoreWriteException"/> when the store could not commit it.
    /// </summary>
    public bool TryEnqueue(TelemetryBatch batch, out Task committed)
    {
        var count = batch.Count;
        var after = Interlocked.Add(ref _depth, count);
        if (after > _options.Capacity && after != count)
        {
            Interlocked.Add(ref _depth, -count);
            committed = Task.CompletedTask;
            return false;
        }

        var pending = new PendingWrite(batch, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_channel.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _depth, -count);
            committed = Task.CompletedTask;
            return false;
        }

        committed = pending.Committed.Task;
        return true;
    }

    /// <summary>Stops accepting; <see cref="RunAsync"/> then drains what is queued and returns.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>The writer loop: runs until <see cref="Complete"/> was called and the queue is drained.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _channel.Reader;
        var taken = new List<PendingWrite>();
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var items = 0;
            while (items < _options.MaxItemsPerCommit && reader.TryRead(out var pending))
            {
                taken.Add(pending);
                items += pending.Batch.Count;
            }

            await CommitAsync(taken, items).ConfigureAwait(false);
            taken.Clear();
        }
    }

    private async Task CommitAsync(List<PendingWrite> taken, int items)
    {
        var batch = taken.Count == 1 ? taken[0].Batch : Merge(taken);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Not cancellable: once the writer has taken a batch it either commits it or fails it whole.
            await _store.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
            _metrics.RecordCommit(batch, Stopwatch.GetElapsedTime(started));
            foreach (var pending in taken)
            {
                pending.Committed.TrySetResult();
            }
        }
        catch (Exception ex)
        {
            _metrics.RecordCommitFailure(batch.Count);
            var failure = new StoreWriteException("the telemetry store could not commit the batch: " + ex.Message, ex);
            foreach (var pending in taken)
            {
                pending.Committed.TrySetException(failure);
            }
        }
        finally
        {
            Interlocked.Add(ref _depth, -items);
        }
    }

    private static TelemetryBatch Merge(List<PendingWrite> taken)
    {
        var spans = new List<Span>(taken.Sum(p => p.Batch.Spans.Count));
        var evaluations = new List<EvaluationResult>();
        var metrics = new List<MetricPoint>();
        foreach (var pending in taken)
        {
            spans.AddRange(pending.Batch.Spans);
            evaluations.AddRange(pending.Batch.Evaluations);
            metrics.AddRange(pending.Batch.Metrics);
        }

        return new TelemetryBatch { Spans = spans, Evaluations = evaluations, Metrics = metrics };
    }

    private sealed record PendingWrite(TelemetryBatch Batch, TaskCompletionSource Committed);
}

/// <summary>The store failed to commit a batch; nothing of it was acknowledged, and the client should retry.</summary>
public sealed class StoreWriteException : Exception
{
    public StoreWriteException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StoreWriteException()
    {
    }

    public StoreWriteException(string message)
        : base(message)
    {
    }
}
