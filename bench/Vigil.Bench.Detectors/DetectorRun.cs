using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Ports;
using Vigil.Core.Projects;
using Vigil.Core.Queries;
using Vigil.Detectors;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Detectors;
using Vigil.Server.Hosting;

namespace Vigil.Bench.Detectors;

/// <summary>One detector evaluation: its wall time and, per check that ran, the engine's own duration and findings.</summary>
internal sealed record Evaluation(DateTimeOffset At, double Milliseconds, IReadOnlyList<CheckStatus> Ran);

/// <summary>
/// What the benchmark does after each simulated minute: nothing until the end of the loaded day; then, with the store
/// caught up, the cold evaluation; then every <see cref="DetectorsOptions.Spacing"/> the baseline stats query and a
/// warm evaluation.
/// </summary>
internal sealed class DetectorRun(VigilHost host, DetectorsOptions options, DateTimeOffset dayEnd, CountingSink sink)
{
    private readonly DetectorEngine _engine = host.Services.GetRequiredService<DetectorEngine>();
    private readonly ITelemetryStore _store = host.Services.GetRequiredService<ITelemetryStore>();
    private readonly TelemetryWriteQueue _queue = host.Services.GetRequiredService<TelemetryWriteQueue>();
    private readonly Stopwatch _load = Stopwatch.StartNew();

    public DetectorEngine Engine => _engine;

    /// <summary>Wall time from the first simulated minute until the loaded day was all in the store.</summary>
    public double LoadSeconds { get; private set; }

    public long DaySpans { get; private set; }

    public Evaluation? Cold { get; private set; }

    public List<Evaluation> Warm { get; } = [];

    /// <summary>The first stats query (right after the cold evaluation), apart from the measured ones.</summary>
    public double BaselineFirstMs { get; private set; }

    public List<double> Baseline { get; } = [];

    public int BaselineSeries { get; private set; }

    public int BaselinePoints { get; private set; }

    public async Task AfterMinuteAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now < dayEnd || (now - dayEnd).Ticks % DetectorsOptions.Spacing.Ticks != 0)
        {
            return;
        }

        if (!await _queue.WaitForAcknowledgedAsync(TimeSpan.FromHours(1), cancellationToken))
        {
            throw new InvalidOperationException("the store did not catch up with the simulated traffic within an hour");
        }

        if (now == dayEnd)
        {
            LoadSeconds = _load.Elapsed.TotalSeconds;
            DaySpans = sink.Spans;
            Console.WriteLine();
            Console.WriteLine("(cold evaluation)");
            Cold = await EvaluateAsync(now, cancellationToken);
            BaselineFirstMs = await StatsAsync(now, cancellationToken);
            return;
        }

        Console.WriteLine($"(warm evaluation {Warm.Count + 1}/{options.Runs}, {now:HH:mm} simulated)");
        Baseline.Add(await StatsAsync(now, cancellationToken));
        Warm.Add(await EvaluateAsync(now, cancellationToken));
    }

    private async Task<Evaluation> EvaluateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await _engine.EvaluateAsync(cancellationToken);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new Evaluation(now, ms, [.. _engine.CheckStatus.Where(s => s.LastRunAt == now)]);
    }

    /// <summary>The baseline: what a dashboard asks of the same day, per minute by feature.</summary>
    private async Task<double> StatsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = new StatsQuery
        {
            ProjectId = ProjectIds.Default,
            Range = new TimeRange(now - TimeSpan.FromHours(options.Hours), now),
            Step = TimeSpan.FromMinutes(1),
            GroupBy = GroupBy.Feature,
        };
        var started = Stopwatch.GetTimestamp();
        var result = await _store.GetStatsAsync(query, cancellationToken);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        BaselineSeries = result.Series.Count;
        BaselinePoints = result.Series.Sum(s => s.Points.Count);
        return ms;
    }

    /// <summary>The latest findings of every check, by state.</summary>
    public IEnumerable<(string Check, int Alert, int Ok, int Insufficient)> Findings() =>
        _engine.CheckStatus.Select(s => (s.Check,
            s.Findings.Count(f => f.State == FindingState.Alert),
            s.Findings.Count(f => f.State == FindingState.Ok),
            s.Findings.Count(f => f.State == FindingState.InsufficientData)));
}
