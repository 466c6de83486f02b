using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Core.Ports;
using Vigil.Core.Spans;
using Vigil.Ingest.Journal;

namespace Vigil.Ingest.Pipeline;

/// <summary>
/// The bounded queue between the OTLP endpoints and the store, in two stages when it has an
/// <see cref="IngestJournal"/> (ADR 0004):
/// <list type="number">
/// <item>the <b>journal stage</b> writes every waiting export to the journal with one fsync (group
/// commit) and then acknowledges them all;</item>
/// <item>the <b>apply stage</b> commits what was journaled to the store in transactions of up to
/// <see cref="WriteQueueOptions.MaxItemsPerCommit"/> items, with the journal watermark, and retries a
/// failed commit (its exports are acknowledged, the journal holds them) until it succeeds.</item>
/// </list>
/// Without a journal, one stage commits to the store and acknowledges after the commit. Either way an
/// acknowledged export survives <c>kill -9</c>, and <see cref="Depth"/> counts items from admission until
/// they are in the store, so memory stays bounded by <see cref="WriteQueueOptions.Capacity"/>.
/// </summary>
public sealed class TelemetryWriteQueue
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetryDelay = TimeSpan.FromSeconds(30);

    private readonly Channel<PendingWrite> _incoming = NewChannel();
    private readonly Channel<PendingWrite> _journaled = NewChannel();
    private readonly ITelemetryStore _store;
    private readonly IngestMetrics _metrics;
    private readonly WriteQueueOptions _options;
    private readonly IngestJournal? _journal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _appliedGate = new();
    private TaskCompletionSource _appliedChanged = NewSignal();
    private long _depth;
    private long _acknowledgedSequence;
    private long _appliedSequence;

    public TelemetryWriteQueue(
        ITelemetryStore store, WriteQueueOptions options, IngestMetrics metrics,
        IngestJournal? journal = null, TimeProvider? time = null, ILogger? logger = null)
    {
        _store = store;
        _options = options;
        _metrics = metrics;
        _journal = journal;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _metrics.ObserveQueueDepth(() => Interlocked.Read(ref _depth));
        if (journal is not null)
        {
            _metrics.ObserveJournal(() => journal.SizeBytes);
        }
    }

    /// <summary>Items admitted and not yet in the store.</summary>
    public long Depth => Interlocked.Read(ref _depth);

    public WriteQueueOptions Options => _options;

    /// <summary>Whether exports are acknowledged once journaled (true) or once in the store (false).</summary>
    public bool IsJournaled => _journal is not null;

    /// <summary>
    /// At least 90 % full: readiness fails and new exports are refused before their bodies are read,
    /// since the exports already in flight will fill the last tenth.
    /// </summary>
    public bool IsNearlyFull => Depth >= _options.Capacity * 0.9;

    /// <summary>Queues a batch without a journal entry (a queue without a journal).</summary>
    public bool TryEnqueue(TelemetryBatch batch, out Task acknowledged) => TryEnqueue(batch, null, out acknowledged);

    /// <summary>
    /// Queues a batch unless the queue is full or closed. The returned task completes when the export
    /// is durable — journaled, or committed when there is no journal — and fails with
    /// <see cref="StoreWriteException"/> when that failed.
    /// </summary>
    /// <exception cref="ArgumentException">The queue has a journal and <paramref name="entry"/> is null.</exception>
    public bool TryEnqueue(TelemetryBatch batch, JournalEntry? entry, out Task acknowledged)
    {
        if (_journal is not null && entry is null)
        {
            throw new ArgumentException("a journaled queue needs the export's journal entry", nameof(entry));
        }

        var count = batch.Count;
        var after = Interlocked.Add(ref _depth, count);
        if (after > _options.Capacity && after != count)
        {
            Interlocked.Add(ref _depth, -count);
            acknowledged = Task.CompletedTask;
            return false;
        }

        var pending = new PendingWrite(batch, entry);
        if (!_incoming.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _depth, -count);
            acknowledged = Task.CompletedTask;
            return false;
        }

        acknowledged = pending.Acknowledged.Task;
        return true;
    }

    /// <summary>
    /// Waits until every export acknowledged before the call is in the store (read your writes), or
    /// until <paramref name="timeout"/> passes.
    /// </summary>
    /// <returns>False when the timeout passed first.</returns>
    public async Task<bool> WaitForAcknowledgedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _acknowledgedSequence);
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            Task changed;
            lock (_appliedGate)
            {
                if (_appliedSequence >= target)
                {
                    return true;
                }

                changed = _appliedChanged.Task;
            }

            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await changed.WaitAsync(left, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    /// <summary>Stops accepting; <see cref="RunAsync"/> then drains what is queued and returns.</summary>
    public void Complete() => _incoming.Writer.TryComplete();

    /// <summary>
    /// Runs the stages until <see cref="Complete"/> was called and everything queued is in the store.
    /// With a journal, <see cref="JournalReplay"/> must have run first.
    /// Cancelling stops retrying a failing store: what was acknowledged stays in the journal for the
    /// next start.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        if (_journal is null)
        {
            return RunApplyAsync(_incoming.Reader, cancellationToken);
        }

        // Everything in the journal so far is in the store: the replay ran before the queue.
        Interlocked.Exchange(ref _acknowledgedSequence, _journal.LastSequence);
        Applied(_journal.LastSequence);
        return Task.WhenAll(RunJournalAsync(_journal), RunApplyAsync(_journaled.Reader, cancellationToken));
    }

    private async Task RunJournalAsync(IngestJournal journal)
    {
        var reader = _incoming.Reader;
        var group = new List<PendingWrite>();
        var scratch = new ArrayBufferWriter<byte>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < 4096 && reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                foreach (var pending in group)
                {
                    pending.Sequence = journal.Write(pending.Entry!.Kind, pending.Entry.ProjectId, pending.Entry.Payload(scratch));
                }

                journal.Sync();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                journal.DiscardUnsynced();
                Fail(group, group.Sum(p => p.Batch.Count), new StoreWriteException("the ingest journal could not be written: " + ex.Message, ex));
                group.Clear();
                continue;
            }

            _metrics.RecordJournalSync(group.Count, Stopwatch.GetElapsedTime(started));
            Interlocked.Exchange(ref _acknowledgedSequence, group[^1].Sequence);
            foreach (var pending in group)
            {
                pending.Entry = null; // the request's bytes may go back to their pool once acknowledged
                _journaled.Writer.TryWrite(pending);
                pending.Acknowledged.TrySetResult();
            }

            group.Clear();
        }

        _journaled.Writer.TryComplete();
    }

    private async Task RunApplyAsync(ChannelReader<PendingWrite> reader, CancellationToken cancellationToken)
    {
        var taken = new List<PendingWrite>();
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var items = 0;
            while (items < _options.MaxItemsPerCommit && reader.TryRead(out var pending))
            {
                taken.Add(pending);
                items += pending.Batch.Count;
            }

            var batch = TelemetryBatch.Concat([.. taken.Select(p => p.Batch)], taken[^1].Sequence);
            if (_journal is null)
            {
                await CommitOrFailAsync(taken, batch, items).ConfigureAwait(false);
            }
            else if (!await CommitWithRetriesAsync(batch, items, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            taken.Clear();
        }
    }

    /// <summary>Without a journal: the exports wait for this commit, and a failure fails them (their clients retry).</summary>
    private async Task CommitOrFailAsync(List<PendingWrite> taken, TelemetryBatch batch, int items)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Not cancellable: once the writer has taken a batch it either commits it or fails it whole.
            await _store.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(taken, items, new StoreWriteException("the telemetry store could not commit the batch: " + ex.Message, ex));
            return;
        }

        _metrics.RecordCommit(batch, Stopwatch.GetElapsedTime(started));
        Interlocked.Add(ref _depth, -items);
        foreach (var pending in taken)
        {
            pending.Acknowledged.TrySetResult();
        }

        Applied(0);
    }

    /// <summary>With a journal: the exports are acknowledged already, so a failed commit is retried, never dropped.</summary>
    /// <returns>False when cancelled before the commit succeeded.</returns>
    private async Task<bool> CommitWithRetriesAsync(TelemetryBatch batch, int items, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _store.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
                _metrics.RecordCommit(batch, Stopwatch.GetElapsedTime(started));
                break;
            }
            catch (Exception ex)
            {
                _metrics.RecordCommitFailure(items);
                Log.ApplyFailed(_logger, items, batch.JournalSequence, delay, ex);
            }

            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetryDelay.Ticks));
        }

        Interlocked.Add(ref _depth, -items);
        Applied(batch.JournalSequence);
        _journal!.ReleaseThrough(batch.JournalSequence);
        return true;
    }

    private void Fail(List<PendingWrite> pendings, int items, StoreWriteException failure)
    {
        _metrics.RecordCommitFailure(items);
        Interlocked.Add(ref _depth, -items);
        foreach (var pending in pendings)
        {
            pending.Acknowledged.TrySetException(failure);
        }
    }

    private void Applied(long sequence)
    {
        lock (_appliedGate)
        {
            _appliedSequence = Math.Max(_appliedSequence, sequence);
            _appliedChanged.TrySetResult();
            _appliedChanged = NewSignal();
        }
    }

    private static Channel<PendingWrite> NewChannel() => Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class PendingWrite(TelemetryBatch batch, JournalEntry? entry)
    {
        public TelemetryBatch Batch { get; } = batch;

        public JournalEntry? Entry { get; set; } = entry;

        public long Sequence { get; set; }

        public TaskCompletionSource Acknowledged { get; } = NewSignal();
    }
}
