using System.Diagnostics;
using Vigil.Core.Alerts;
using Vigil.Core.Ports;
using Vigil.Detectors;
using Vigil.Detectors.Alerts;

namespace Vigil.Server.Detectors;

/// <summary>
/// Runs every enabled detector check for every project with recent traffic, each when its interval has passed, and
/// turns the findings into alerts (<see cref="FindingAlertTracker"/>, one per project). The clock is the injected
/// <see cref="TimeProvider"/>: the simulator and tests drive evaluations in simulated time. A failing check is logged
/// and reported in <see cref="CheckStatus"/>; the others still run.
/// </summary>
public sealed partial class DetectorEngine : IDisposable
{
    private readonly IReadOnlyList<IDetectorCheck> _checks;
    private readonly IDetectorSource _source;
    private readonly Func<DateTimeOffset, CancellationToken, Task<IReadOnlyList<string>>> _projects;
    private readonly Func<CancellationToken, Task>? _catchUp;
    private readonly TimeProvider _time;
    private readonly ILogger<DetectorEngine> _logger;
    private readonly AlertRules _rules;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, FindingAlertTracker> _trackers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Project, string Check), CheckState> _state = [];

    /// <param name="projects">The projects to run for at an instant (those with recent spans).</param>
    /// <param name="catchUp">Waits until what was acknowledged before the evaluation is in the store (null: acknowledged means stored).</param>
    public DetectorEngine(
        IReadOnlyList<IDetectorCheck> checks, AlertRules rules, IDetectorSource source,
        Func<DateTimeOffset, CancellationToken, Task<IReadOnlyList<string>>> projects, TimeProvider time, ILogger<DetectorEngine> logger,
        Func<CancellationToken, Task>? catchUp = null)
    {
        _checks = checks;
        _rules = rules;
        _source = source;
        _projects = projects;
        _time = time;
        _logger = logger;
        _catchUp = catchUp;
    }

    public IReadOnlyList<IDetectorCheck> Checks => _checks;

    public DateTimeOffset? LastEvaluatedAt { get; private set; }

    /// <summary>Wall time of the latest evaluation.</summary>
    public TimeSpan LastEvaluationDuration { get; private set; }

    /// <summary>Every detector alert, all projects: active first, then those resolved within a day.</summary>
    public IReadOnlyList<Alert> Alerts
    {
        get
        {
            lock (_trackers)
            {
                return [.. _trackers.Values.SelectMany(t => t.Alerts)];
            }
        }
    }

    /// <summary>The latest findings and run of each check per project.</summary>
    public IReadOnlyList<CheckStatus> CheckStatus
    {
        get
        {
            lock (_trackers)
            {
                return [.. _state.OrderBy(s => s.Key.Project, StringComparer.Ordinal).ThenBy(s => s.Key.Check, StringComparer.Ordinal)
                    .Select(s => new CheckStatus(s.Key.Project, s.Key.Check, s.Value.LastRunAt, s.Value.LastDuration, s.Value.Error, s.Value.Findings))];
            }
        }
    }

    /// <summary>Runs the checks that are due at the clock's now and updates the alerts.</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        if (_checks.Count == 0)
        {
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
            foreach (var project in await _projects(now, cancellationToken))
            {
                var context = new DetectorContext(project, now, _source);
                foreach (var check in _checks)
                {
                    await RunAsync(check, context, cancellationToken);
                }
            }

            LastEvaluatedAt = now;
            LastEvaluationDuration = Stopwatch.GetElapsedTime(started);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task RunAsync(IDetectorCheck check, DetectorContext context, CancellationToken cancellationToken)
    {
        var key = (context.ProjectId, check.Name);
        lock (_trackers)
        {
            if (_state.TryGetValue(key, out var last) && context.Now - last.LastRunAt < check.Interval)
            {
                return;
            }
        }

        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<Finding> findings;
        string? error = null;
        try
        {
            findings = await check.RunAsync(context, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCheckFailed(ex, check.Name, context.ProjectId);
            findings = [];
            error = ex.Message;
        }

        lock (_trackers)
        {
            var tracker = _trackers.TryGetValue(context.ProjectId, out var t) ? t : _trackers[context.ProjectId] = new FindingAlertTracker(context.ProjectId, _rules);
            tracker.Observe(findings, context.Now);
            _state[key] = new CheckState(context.Now, Stopwatch.GetElapsedTime(started), error, findings);
        }
    }

    private sealed record CheckState(DateTimeOffset LastRunAt, TimeSpan LastDuration, string? Error, IReadOnlyList<Finding> Findings);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Error, Message = "Detector {Check} failed for project {Project}; it runs again at its next interval")]
    private partial void LogCheckFailed(Exception exception, string check, string project);
}

/// <summary>A check's latest run for one project: when, how long, the error if it failed, and its findings.</summary>
public sealed record CheckStatus(string Project, string Check, DateTimeOffset LastRunAt, TimeSpan LastDuration, string? Error, IReadOnlyList<Finding> Findings);
