using Vigil.Core.Ports;
using Vigil.Core.Queries;
using Vigil.Core.Spans;

namespace Vigil.Storage.Contracts;

/// <summary>
/// What the telemetry contracts share: a fresh, empty store per test from the engine's factory, a span
/// builder, and calls with a timeout. Holds no facts itself, so each contract class runs its own once.
/// </summary>
public abstract class TelemetryStoreContractBase : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _timeout = new(Timeout);
    private ITelemetryStore? _store;

    protected ITelemetryStore Store => _store ?? throw new InvalidOperationException("the store is created in InitializeAsync");

    protected TestSpans Spans { get; } = new();

    protected CancellationToken Ct => _timeout.Token;

    protected static DateTimeOffset T0 => TestSpans.T0;

    /// <summary>A new, empty store for one test.</summary>
    protected abstract Task<ITelemetryStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync(ITelemetryStore store) => Task.CompletedTask;

    public async Task InitializeAsync() => _store = await CreateStoreAsync().WaitAsync(Timeout);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await DisposeStoreAsync(_store).WaitAsync(Timeout);
        }

        _timeout.Dispose();
    }

    protected Task AppendAsync(params Span[] spans) => AppendAsync(new TelemetryBatch { Spans = spans });

    protected Task AppendAsync(TelemetryBatch batch) => Store.AppendAsync(batch, Ct).WaitAsync(Timeout);

    protected Task<StatsResult> StatsAsync(
        TimeSpan step, GroupBy groupBy = GroupBy.None, SpanFilter? filter = null, string project = "p1", TimeRange? range = null) =>
        Store.GetStatsAsync(
            new StatsQuery
            {
                ProjectId = project,
                Range = range ?? new TimeRange(T0.AddDays(-1), T0.AddDays(1)),
                Step = step,
                GroupBy = groupBy,
                Filter = filter ?? SpanFilter.Any,
            },
            Ct).WaitAsync(Timeout);

    protected Task<TracePage> SearchAsync(TraceQuery query) => Store.SearchTracesAsync(query, Ct).WaitAsync(Timeout);

    protected static TraceQuery Search(string project = "p1", TimeRange? range = null) => new()
    {
        ProjectId = project,
        Range = range ?? new TimeRange(T0.AddDays(-1), T0.AddDays(1)),
    };

    protected Task<CostReport> CostsAsync(string project = "p1", SpanFilter? filter = null, TimeRange? range = null) =>
        Store.GetCostsAsync(
            new CostQuery { ProjectId = project, Range = range ?? new TimeRange(T0.AddDays(-1), T0.AddDays(1)), Filter = filter ?? SpanFilter.Any },
            Ct).WaitAsync(Timeout);

    protected Task<TraceDetail?> TraceAsync(string traceId, string project = "p1") =>
        Store.GetTraceAsync(project, traceId, Ct).WaitAsync(Timeout);

    /// <summary>Every point of the single series of an ungrouped query.</summary>
    protected static IReadOnlyList<StatsPoint> Points(StatsResult result) =>
        result.Series.Count == 0 ? [] : Assert.Single(result.Series).Points;
}
