using Microsoft.Extensions.Logging;
using Vigil.Core.Ports;
using Vigil.Core.Spans;

namespace Vigil.Ingest.Journal;

/// <summary>
/// Brings the store up to the journal before the server takes new exports: reads the store's
/// watermark, maps every record above it again and commits them in order, in transactions of up to
/// the queue's commit size, each moving the watermark with its rows. Interrupted, it resumes where
/// the store's watermark says on the next start; no record is committed twice.
/// </summary>
public static class JournalReplay
{
    /// <returns>The records replayed.</returns>
    public static async Task<long> RunAsync(
        IngestJournal journal, ITelemetryStore store, Func<JournalRecord, TelemetryBatch> map, int maxItemsPerCommit,
        ILogger logger, CancellationToken cancellationToken)
    {
        var watermark = await store.GetJournalWatermarkAsync(cancellationToken).ConfigureAwait(false);
        journal.SkipTo(watermark);
        long records = 0;
        long items = 0;
        var pending = new List<TelemetryBatch>();
        var pendingItems = 0;
        long last = 0;
        foreach (var record in journal.ReadAfter(watermark))
        {
            var batch = map(record);
            pending.Add(batch);
            pendingItems += batch.Count;
            last = record.Sequence;
            records++;
            if (pendingItems >= maxItemsPerCommit)
            {
                await CommitAsync(store, pending, last, cancellationToken).ConfigureAwait(false);
                items += pendingItems;
                pending.Clear();
                pendingItems = 0;
            }
        }

        if (pending.Count > 0)
        {
            await CommitAsync(store, pending, last, cancellationToken).ConfigureAwait(false);
            items += pendingItems;
        }

        journal.ReleaseThrough(Math.Max(watermark, last));
        if (records > 0)
        {
            Log.Replayed(logger, records, items, watermark);
        }

        return records;
    }

    private static Task CommitAsync(ITelemetryStore store, List<TelemetryBatch> batches, long sequence, CancellationToken cancellationToken) =>
        store.AppendAsync(TelemetryBatch.Concat(batches, sequence), cancellationToken);
}
