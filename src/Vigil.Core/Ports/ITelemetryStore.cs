using Vigil.Core.Queries;
using Vigil.Core.Spans;

namespace Vigil.Core.Ports;

/// <summary>
/// The append-heavy, analytical store of spans, evaluation results and metric points, with the
/// per-minute rollups it keeps beside them. Every call is scoped to one project.
/// </summary>
public interface ITelemetryStore
{
    /// <summary>
    /// Commits a batch atomically, rollups included: when this returns, every item survives a crash;
    /// when it throws, none was written.
    /// </summary>
    Task AppendAsync(TelemetryBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// The highest <see cref="TelemetryBatch.JournalSequence"/> committed so far (0 when none): every
    /// ingest-journal record up to it is in the store, and none above it.
    /// </summary>
    Task<long> GetJournalWatermarkAsync(CancellationToken cancellationToken);

    Task<TracePage> SearchTracesAsync(TraceQuery query, CancellationToken cancellationToken);

    /// <summary>The whole trace, or null when the project has no span of it.</summary>
    Task<TraceDetail?> GetTraceAsync(string projectId, string traceId, CancellationToken cancellationToken);

    Task<StatsResult> GetStatsAsync(StatsQuery query, CancellationToken cancellationToken);

    Task<CostReport> GetCostsAsync(CostQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// A feature's evaluation scores over time, one series per (evaluation name, release), read from the
    /// raw evaluations. Throws <see cref="ArgumentException"/> for a step that is not a whole number of minutes.
    /// </summary>
    Task<EvaluationSeries> GetEvaluationSeriesAsync(EvaluationSeriesQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes raw spans, evaluations and metric points that started before the cutoff, and rollups before their own cutoff.</summary>
    Task<RetentionOutcome> ApplyRetentionAsync(DateTimeOffset rawBefore, DateTimeOffset rollupsBefore, CancellationToken cancellationToken);
}

public sealed record RetentionOutcome(long SpansDeleted, long RollupRowsDeleted);
