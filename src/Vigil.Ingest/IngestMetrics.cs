using System.Diagnostics.Metrics;
using Vigil.Core.Spans;

namespace Vigil.Ingest;

/// <summary>
/// Vigil's own ingest health as <see cref="System.Diagnostics.Metrics"/> instruments (meter
/// <c>Vigil</c>, so Prometheus names read <c>vigil_ingest_…</c> and <c>vigil_store_…</c>); the server
/// exposes them on <c>/metrics</c>. The hot path only adds to fields; the instruments are observable
/// and read those fields when scraped.
/// </summary>
public sealed class IngestMetrics : IDisposable
{
    public const string MeterName = "Vigil";

    private readonly Meter _meter;
    private long _accepted;
    private long _rejected;
    private long _refused;
    private long _truncated;
    private long _unpriced;
    private long _committed;
    private long _commitFailures;
    private long _commits;
    private long _commitMicroseconds;
    private long _lastCommitMicroseconds;
    private long _journalSyncs;
    private long _journalRecords;
    private long _journalSyncMicroseconds;

    public IngestMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Counter("ingest_accepted_items", () => _accepted, "Spans, evaluations and metric points accepted for storage");
        Counter("ingest_rejected_items", () => _rejected, "Spans and data points rejected as invalid (OTLP partial success)");
        Counter("ingest_refused_items", () => _refused, "Items refused because the write queue was full (client told to retry)");
        Counter("ingest_truncated_values", () => _truncated, "Attribute values truncated to the configured limit");
        Counter("ingest_unpriced_calls", () => _unpriced, "Calls with token usage that no price matched");
        Counter("store_committed_items", () => _committed, "Items committed to the telemetry store");
        Counter("store_commit_failures", () => _commitFailures, "Items whose commit failed (journaled: retried until it succeeds; otherwise their clients are told to retry)");
        Counter("store_commits", () => _commits, "Group commits to the telemetry store");
        _meter.CreateObservableCounter("store_commit_seconds", () => Interlocked.Read(ref _commitMicroseconds) / 1e6, "s", "Time spent committing, summed (divide by store_commits for the mean)");
        Counter("journal_syncs", () => _journalSyncs, "Group fsyncs of the ingest journal (each acknowledges every export in it)");
        Counter("journal_records", () => _journalRecords, "Exports written to the ingest journal");
        _meter.CreateObservableCounter("journal_sync_seconds", () => Interlocked.Read(ref _journalSyncMicroseconds) / 1e6, "s", "Time spent writing and fsyncing the journal, summed");
        _meter.CreateObservableGauge("store_last_commit_seconds", () => Interlocked.Read(ref _lastCommitMicroseconds) / 1e6, "s", "Duration of the latest commit");
    }

    /// <summary>Spans, evaluations and metric points accepted since start.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

    public void RecordAccepted(int items, int rejected, int truncated, int unpriced)
    {
        Interlocked.Add(ref _accepted, items);
        Interlocked.Add(ref _rejected, rejected);
        Interlocked.Add(ref _truncated, truncated);
        Interlocked.Add(ref _unpriced, unpriced);
    }

    public void RecordRejected(int rejected) => Interlocked.Add(ref _rejected, rejected);

    public void RecordRefused(int items) => Interlocked.Add(ref _refused, items);

    internal void RecordCommit(TelemetryBatch batch, TimeSpan elapsed)
    {
        var micros = (long)elapsed.TotalMicroseconds;
        Interlocked.Add(ref _committed, batch.Count);
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _commitMicroseconds, micros);
        Interlocked.Exchange(ref _lastCommitMicroseconds, micros);
    }

    internal void RecordJournalSync(int records, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _journalSyncs);
        Interlocked.Add(ref _journalRecords, records);
        Interlocked.Add(ref _journalSyncMicroseconds, (long)elapsed.TotalMicroseconds);
    }

    internal void ObserveJournal(Func<long> bytes) =>
        _meter.CreateObservableGauge("journal_bytes", bytes, "By", "Bytes of ingest-journal segments on disk (exports not yet in the store, and the current segment)");

    internal void RecordCommitFailure(int items) => Interlocked.Add(ref _commitFailures, items);

    internal void ObserveQueueDepth(Func<long> depth) =>
        _meter.CreateObservableGauge("ingest_queue_depth", depth, description: "Items waiting for the store writer");

    private void Counter(string name, Func<long> read, string description) =>
        _meter.CreateObservableCounter(name, read, description: description);

    public void Dispose() => _meter.Dispose();
}
