using Vigil.Core.Detection;
using Vigil.Core.Ports;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Storage.DuckDb.Internal;
using Vigil.Storage.DuckDb.Internal.Detection;

namespace Vigil.Storage.DuckDb;

/// <summary>
/// <see cref="ITelemetryStore"/> on DuckDB. Each <see cref="AppendAsync"/> is one transaction: the
/// raw rows through Appenders, then the batch's per-minute rollup rows (summed in C# from the batch
/// and appended through Appenders), the journal watermark, then COMMIT (durable on return: the WAL
/// is fsynced). Rollup rows accumulate per batch and are merged by <see cref="CompactRollupsAsync"/>, which also fills the hourly rollups; it runs
/// automatically every <see cref="DuckDbStoreOptions.CompactEveryBatches"/> batches.
/// Queries never read raw spans for statistics, except for a user-id filter (no rollup holds users).
/// As an <see cref="ISliEventSource"/> it reads raw spans and evaluations by <c>batch_seq</c>, which
/// rises in commit order (see <see cref="SliEventReader"/>).
/// As an <see cref="IDetectorSource"/> it aggregates raw spans, evaluations and metric points of a
/// time range in SQL (readers under <c>Internal/Detection</c>), every query bounded by the range's
/// start-time predicate.
/// </summary>
public sealed class DuckDbTelemetryStore : ITelemetryStore, ISliEventSource, IDetectorSource
{
    private readonly DuckDbDatabase _database;
    private readonly DuckDbStoreOptions _options;
    private int _batchesSinceCompaction;

    public DuckDbTelemetryStore(DuckDbDatabase database, DuckDbStoreOptions? options = null)
    {
        _database = database;
        _options = options ?? DuckDbStoreOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegative(_options.CompactEveryBatches);
    }

    public async Task AppendAsync(TelemetryBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0 && batch.JournalSequence == 0)
        {
            return;
        }

        var ingestedAt = _database.TimeProvider.GetUtcNow();
        var compactNow = await _database.WriteAsync(
            connection =>
            {
                Transactions.Run(connection, c =>
                {
                    var seq = c.ScalarInt64("SELECT nextval('batch_seq_source')");
                    BatchAppender.AppendSpans(c, batch.Spans, seq, ingestedAt.UtcDateTime);
                    BatchAppender.AppendEvaluations(c, batch.Evaluations, seq, ingestedAt.UtcDateTime);
                    BatchAppender.AppendMetrics(c, batch.Metrics, seq, ingestedAt.UtcDateTime);
                    if (batch.JournalSequence > 0)
                    {
                        c.Execute("UPDATE ingest_journal SET watermark = greatest(watermark, $journal)", ("journal", batch.JournalSequence));
                    }

                    if (batch.Spans.Count > 0)
                    {
                        RollupWriter.AddBatch(c, batch.Spans, seq);
                    }

                    return seq;
                });
                return _options.CompactEveryBatches > 0 && ++_batchesSinceCompaction >= _options.CompactEveryBatches;
            },
            cancellationToken);

        if (compactNow)
        {
            try
            {
                await CompactRollupsAsync(ingestedAt - _options.CompactionLag, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The batch is committed: failing the call now would make the caller send it again.
                Log.CompactionFailed(_database.Logger, e);
            }
        }
    }

    public async Task<long> GetJournalWatermarkAsync(CancellationToken cancellationToken)
    {
        using var connection = _database.OpenReader();
        return await Task.Run(() => connection.ScalarInt64("SELECT watermark FROM ingest_journal"), cancellationToken);
    }

    /// <summary>
    /// Merges the per-batch rollup rows of every minute that starts before <paramref name="before"/>
    /// into one row per key, and rebuilds the hourly rollups of the hours touched, in one transaction.
    /// Statistics are the same before and after; queries just read fewer rows. Safe to call at any time
    /// (a background service may call it instead of the automatic compaction).
    /// </summary>
    /// <returns>The number of minutes that were compacted.</returns>
    public Task<long> CompactRollupsAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            connection =>
            {
                var beforeMicros = Time.FloorTo(Time.ToMicros(before), Time.MicrosPerMinute);
                var (minutes, hours) = Transactions.Run(connection, c => RollupCompactor.Compact(c, beforeMicros));
                _batchesSinceCompaction = 0;
                Log.RollupsCompacted(_database.Logger, before, minutes, hours);
                return minutes;
            },
            cancellationToken);

    public Task<TracePage> SearchTracesAsync(TraceQuery query, CancellationToken cancellationToken) =>
        TraceSearch.SearchAsync(_database, query, cancellationToken);

    public Task<TraceDetail?> GetTraceAsync(string projectId, string traceId, CancellationToken cancellationToken) =>
        TraceReader.ReadAsync(_database, projectId, traceId, cancellationToken);

    public Task<StatsResult> GetStatsAsync(StatsQuery query, CancellationToken cancellationToken) =>
        StatsReader.ReadAsync(_database, query, cancellationToken);

    public Task<CostReport> GetCostsAsync(CostQuery query, CancellationToken cancellationToken) =>
        CostReader.ReadAsync(_database, query, cancellationToken);

    public Task<EvaluationSeries> GetEvaluationSeriesAsync(EvaluationSeriesQuery query, CancellationToken cancellationToken) =>
        EvaluationSeriesReader.ReadAsync(_database, query, cancellationToken);

    public Task<SliEventPage> ReadSliEventsAsync(long afterBatch, long sinceUnixNano, int maxRows, CancellationToken cancellationToken) =>
        SliEventReader.ReadAsync(_database, afterBatch, sinceUnixNano, maxRows, cancellationToken);

    public Task<IReadOnlyList<UsageHour>> ReadUsageAsync(UsageQuery query, CancellationToken cancellationToken) =>
        UsageReader.ReadUsageAsync(_database, query, cancellationToken);

    public Task<IReadOnlyList<BilledHour>> ReadBilledAsync(string projectId, TimeRange range, CancellationToken cancellationToken) =>
        UsageReader.ReadBilledAsync(_database, projectId, range, cancellationToken);

    public Task<IReadOnlyList<TraceStepCount>> ReadTraceStepsAsync(string projectId, string feature, TimeRange range, CancellationToken cancellationToken) =>
        TraceStepReader.ReadAsync(_database, projectId, feature, range, cancellationToken);

    public Task<IReadOnlyList<VendorStats>> ReadVendorStatsAsync(VendorStatsQuery query, CancellationToken cancellationToken) =>
        VendorStatsReader.ReadAsync(_database, query, cancellationToken);

    public Task<IReadOnlyList<SegmentStats>> ReadSegmentStatsAsync(SegmentStatsQuery query, CancellationToken cancellationToken) =>
        SegmentStatsReader.ReadAsync(_database, query, cancellationToken);

    public Task<IReadOnlyList<AuditCounts>> ReadAuditCountsAsync(string projectId, TimeRange range, IReadOnlyList<string> attributes, CancellationToken cancellationToken) =>
        AuditCountReader.ReadAsync(_database, projectId, range, attributes, cancellationToken);

    public Task<IReadOnlyList<IndexPoint>> ReadIndexPointsAsync(IndexPointQuery query, CancellationToken cancellationToken) =>
        IndexPointReader.ReadAsync(_database, query, cancellationToken);

    public Task<IReadOnlyList<TraceSample>> ReadTraceSampleAsync(string projectId, string feature, TimeRange range, int limit, CancellationToken cancellationToken) =>
        TraceSampleReader.ReadAsync(_database, projectId, feature, range, limit, cancellationToken);

    public Task<IReadOnlyList<string>> ReadProjectsAsync(TimeRange range, CancellationToken cancellationToken) =>
        ProjectReader.ReadAsync(_database, range, cancellationToken);

    public async Task<RetentionOutcome> ApplyRetentionAsync(DateTimeOffset rawBefore, DateTimeOffset rollupsBefore, CancellationToken cancellationToken)
    {
        var outcome = await _database.WriteAsync(
            connection => Transactions.Run(connection, c => RetentionWriter.Apply(c, Time.ToMicros(rawBefore), Time.ToMicros(rollupsBefore))),
            cancellationToken);
        Log.RetentionApplied(_database.Logger, outcome.SpansDeleted, rawBefore, outcome.RollupRowsDeleted, rollupsBefore);
        return outcome;
    }
}
