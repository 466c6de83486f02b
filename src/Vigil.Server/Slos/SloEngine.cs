using System.Diagnostics;
using Vigil.Core.Ports;
using Vigil.Core.Slos;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Configuration;

namespace Vigil.Server.Slos;

/// <summary>
/// Evaluates every configured SLO: reads the spans and evaluations committed since the last read
/// (each exactly once, late ones included), feeds them to the SLOs of their feature, then computes
/// budgets, burn rates and alerts at the clock's now. The first evaluation reads the history the
/// SLOs need (their period, or their longest alert window) from the store, so a restart loses nothing
/// the store still holds.
/// </summary>
public sealed partial class SloEngine : IDisposable
{
    private const int PageRows = 50_000;

    private readonly ISliEventSource _source;
    private readonly Func<CancellationToken, Task>? _catchUp;
    private readonly TimeProvider _time;
    private readonly ILogger<SloEngine> _logger;
    private readonly SloRuntime[] _runtimes;
    private readonly Dictionary<string, SloRuntime[]> _byFeature;
    private readonly TimeSpan _horizon;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EventCounts[] _countedAtReady;
    private long _cursor;
    private volatile IReadOnlyList<SloStatus> _statuses = [];
    private TaskCompletionSource _evaluated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="catchUp">Waits until what was acknowledged before the evaluation is in the store (null: acknowledged means stored).</param>
    /// <param name="taskSettle">How long a cost-per-task SLO waits for a task's stragglers (null: one minute; zero for a one-off evaluation of a store).</param>
    public SloEngine(
        IReadOnlyList<SloDefinition> definitions, ISliEventSource source, TimeProvider time, ILogger<SloEngine> logger,
        Func<CancellationToken, Task>? catchUp = null, TimeSpan? taskSettle = null)
    {
        _source = source;
        _catchUp = catchUp;
        _time = time;
        _logger = logger;
        _runtimes = [.. definitions.Select(d => new SloRuntime(d, taskSettle))];
        _byFeature = _runtimes.GroupBy(r => r.Definition.Feature, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _countedAtReady = new EventCounts[_runtimes.Length];
        _horizon = definitions.Count == 0 ? TimeSpan.Zero : definitions.Max(d => d.Horizon);
    }

    /// <summary>The engine of a server: its SLOs, evaluated over what the ingest journal acknowledged before each evaluation.</summary>
    public static SloEngine Create(VigilSettings settings, ISliEventSource source, TelemetryWriteQueue queue, TimeProvider time, ILogger<SloEngine> logger) =>
        new(settings.Slos, source, time, logger,
            queue.IsJournaled ? ct => queue.WaitForAcknowledgedAsync(settings.Queue.ReadYourWritesWait, ct) : null);

    public IReadOnlyList<SloRuntime> Runtimes => _runtimes;

    /// <summary>The statuses of the latest evaluation, in definition order (empty before the first).</summary>
    public IReadOnlyList<SloStatus> Statuses => _statuses;

    /// <summary>Whether the history has been read and every SLO evaluated at least once.</summary>
    public bool Ready { get; private set; }

    public DateTimeOffset? LastEvaluatedAt { get; private set; }

    /// <summary>Wall time of the latest evaluation (reading new events included).</summary>
    public TimeSpan LastEvaluationDuration { get; private set; }

    /// <summary>Spans and evaluations read from the store since start.</summary>
    public long EventsRead { get; private set; }

    /// <summary>Reads what is new and evaluates every SLO at the clock's now.</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        if (_runtimes.Length == 0)
        {
            Ready = true;
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            if (_catchUp is not null)
            {
                await _catchUp(cancellationToken);
            }

            var now = _time.GetUtcNow();
            var since = (now - _horizon).ToUnixTimeMilliseconds() * 1_000_000;
            while (true)
            {
                var page = await _source.ReadSliEventsAsync(_cursor, since, PageRows, cancellationToken);
                if (page.LastBatch == _cursor)
                {
                    break;
                }

                Feed(page, now);
                _cursor = page.LastBatch;
            }

            _statuses = [.. _runtimes.Select(r => r.Evaluate(now))];
            LastEvaluatedAt = now;
            LastEvaluationDuration = Stopwatch.GetElapsedTime(started);
            Interlocked.Exchange(ref _evaluated, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            if (!Ready)
            {
                for (var i = 0; i < _runtimes.Length; i++)
                {
                    _countedAtReady[i] = new EventCounts(_runtimes[i].GoodEvents, _runtimes[i].TotalEvents);
                }

                Ready = true;
                LogReady(_runtimes.Length, EventsRead, LastEvaluationDuration.TotalMilliseconds);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Good and total events the SLO at <paramref name="index"/> counted since the first evaluation —
    /// live traffic, not the history read at start — so that a restart reads as a counter reset.
    /// </summary>
    public EventCounts CountedSinceReady(int index) =>
        Ready ? new EventCounts(_runtimes[index].GoodEvents - _countedAtReady[index].Good, _runtimes[index].TotalEvents - _countedAtReady[index].Total) : EventCounts.None;

    public void Dispose() => _gate.Dispose();

    /// <summary>Completes once an evaluation at or after <paramref name="time"/> has finished (the timer's, or anyone's).</summary>
    public async Task WhenEvaluatedAsync(DateTimeOffset time, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = Volatile.Read(ref _evaluated).Task;
            if (LastEvaluatedAt >= time)
            {
                return;
            }

            await next.WaitAsync(cancellationToken);
        }
    }

    public SloStatus? Find(string project, string name) =>
        _statuses.FirstOrDefault(s => s.Definition.Project == project && s.Definition.Name == name);

    private void Feed(SliEventPage page, DateTimeOffset now)
    {
        foreach (var span in page.Spans)
        {
            if (_byFeature.TryGetValue(span.Feature, out var runtimes))
            {
                foreach (var runtime in runtimes)
                {
                    runtime.Observe(span, now);
                }
            }
        }

        foreach (var evaluation in page.Evaluations)
        {
            if (_byFeature.TryGetValue(evaluation.Feature, out var runtimes))
            {
                foreach (var runtime in runtimes)
                {
                    runtime.Observe(evaluation, now);
                }
            }
        }

        EventsRead += page.Spans.Count + page.Evaluations.Count;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "SLOs ready: {Slos} SLOs, {Events} events of history read in {Milliseconds:F0} ms")]
    private partial void LogReady(int slos, long events, double milliseconds);
}
