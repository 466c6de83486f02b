using Vigil.Core.Ports;
using Vigil.Core.Queries;
using Vigil.Core.Spans;

namespace Vigil.Ingest.Tests.Pipeline;

/// <summary>
/// A hand-written fake store whose appends wait for <see cref="Release"/>, or fail when told to;
/// it records what it committed.
/// </summary>
internal sealed class GatedStore : ITelemetryStore
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<TelemetryBatch> Committed { get; } = [];

    public TaskCompletionSource AppendStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Fail { get; set; }

    public void Release() => _gate.TrySetResult();

    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task AppendAsync(TelemetryBatch batch, CancellationToken cancellationToken)
    {
        AppendStarted.TrySetResult();
        await _gate.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        if (Fail)
        {
            throw new InvalidOperationException("disk full");
        }

        lock (Committed)
        {
            Committed.Add(batch);
        }
    }

    public Task<long> GetJournalWatermarkAsync(CancellationToken cancellationToken)
    {
        lock (Committed)
        {
            return Task.FromResult(Committed.Count == 0 ? 0 : Committed.Max(b => b.JournalSequence));
        }
    }

    public Task<TracePage> SearchTracesAsync(TraceQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<TraceDetail?> GetTraceAsync(string projectId, string traceId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StatsResult> GetStatsAsync(StatsQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<CostReport> GetCostsAsync(CostQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<EvaluationSeries> GetEvaluationSeriesAsync(EvaluationSeriesQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<RetentionOutcome> ApplyRetentionAsync(DateTimeOffset rawBefore, DateTimeOffset rollupsBefore, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
