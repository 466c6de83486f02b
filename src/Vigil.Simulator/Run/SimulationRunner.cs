using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Pricing;
using Vigil.Simulator.Application;
using Vigil.Simulator.Application.Requests;
using Vigil.Simulator.Faults;
using Vigil.Simulator.Generation;
using Vigil.Simulator.Scenarios;
using Vigil.Simulator.Telemetry;

namespace Vigil.Simulator.Run;

/// <summary>
/// Runs a scenario minute by minute on a simulated clock that it alone advances — the same clock
/// the Vigil instance under test runs on, so Vigil's detectors see the simulated week as a week.
/// Each minute: the control plane's refresh (when it reads Vigil's state), deploys that fall in it,
/// arrivals (Poisson, seasonal), one trace per request, the index metrics, then the clock moves on
/// (firing Vigil's timers). The random source of each minute derives from the seed and the minute,
/// so the same seed gives the same run.
/// </summary>
public sealed class SimulationRunner
{
    private readonly Scenario _scenario;
    private readonly ITelemetrySink _sink;
    private readonly FakeTimeProvider _clock;
    private readonly TimeProvider _realTime;
    private readonly SimulationOptions _options;
    private readonly DateTimeOffset _start;
    private readonly FaultSchedule _faults;
    private readonly AcmeApplication _application;
    private readonly IndexMetrics _index;

    public SimulationRunner(
        Scenario scenario, ITelemetrySink sink, FakeTimeProvider clock, SimulationOptions? options = null,
        IControlPlane? control = null, PriceCatalog? prices = null, TimeProvider? realTime = null)
    {
        _scenario = scenario;
        _sink = sink;
        _clock = clock;
        _realTime = realTime ?? TimeProvider.System;
        _options = options ?? new SimulationOptions();
        _start = scenario.Start ?? new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        if (_start > clock.GetUtcNow())
        {
            clock.SetUtcNow(_start);
        }

        Control = control ?? new LocalControlPlane(InitialReleases.All, _start);
        _faults = new FaultSchedule(scenario.Faults, _start);
        var inputs = new InputPools();
        foreach (var file in _options.InputFiles)
        {
            inputs.Load(file);
        }

        foreach (var fault in scenario.Faults.Where(f => f.Kind == "input_shift"))
        {
            var pool = fault.Text("pool") ?? fault.Text("mix");
            if (pool is not null && !inputs.Has(pool))
            {
                throw new InvalidDataException($"input_shift at {Core.Text.Durations.Format(fault.At)}: '{pool}' is not an input pool; the pools are {string.Join(", ", inputs.Names.Order(StringComparer.Ordinal))} (more come from --inputs files)");
            }
        }

        var knowledge = new KnowledgeBase();
        var world = new World(new TokenCounter(), knowledge, prices ?? PriceCatalog.Create(BuiltInPrices.All), inputs);
        _application = new AcmeApplication(world, _faults, Control, new UserPopulation(scenario.Seed));
        _index = new IndexMetrics(_faults, knowledge.Documents.Count, _start);
    }

    public DateTimeOffset Start => _start;

    public IControlPlane Control { get; }

    public async Task<RunSummary> RunAsync(IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var minutes = (long)Math.Ceiling(_scenario.Duration.TotalMinutes);
        long requests = 0, spans = 0, shed = 0;
        var realStart = _realTime.GetUtcNow();
        for (var minute = 0L; minute < minutes; minute++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var from = _start + TimeSpan.FromMinutes(minute);
            var to = from + TimeSpan.FromMinutes(1);
            if (_clock.GetUtcNow() < from)
            {
                _clock.SetUtcNow(from);
            }

            if (Control is IRefreshingControlPlane refreshing)
            {
                // Changes made outside the simulator (a rollback in Vigil) reach the application within a simulated minute.
                await refreshing.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }

            Deploy(from, to);
            var random = new Random(MinuteSeed(_scenario.Seed, minute));
            var traces = Minute(random, from, ref shed);
            requests += traces.Count;
            spans += traces.Sum(t => t.Spans.Count);
            await _sink.SendAsync(traces, cancellationToken).ConfigureAwait(false);
            await _sink.SendMetricsAsync(_index.At(to), cancellationToken).ConfigureAwait(false);
            _clock.SetUtcNow(to);
            if (_options.AfterMinute is { } afterMinute)
            {
                await afterMinute(to, cancellationToken).ConfigureAwait(false);
            }

            if (_options.Speed is { } speed)
            {
                await PaceAsync(realStart, TimeSpan.FromMinutes(minute + 1) / speed, cancellationToken).ConfigureAwait(false);
            }

            if ((minute + 1) % 60 == 0)
            {
                progress?.Report(new RunProgress(TimeSpan.FromMinutes(minute + 1), _scenario.Duration, spans));
            }
        }

        return new RunSummary(_scenario.Duration, requests, spans, shed, wall.Elapsed, _start, _start + _scenario.Duration);
    }

    /// <summary>
    /// The seed of one minute's random source: SplitMix64 of (seed, minute). Consecutive plain seeds
    /// would give System.Random sequences that step in lattice fashion from minute to minute.
    /// </summary>
    internal static int MinuteSeed(int seed, long minute)
    {
        var z = unchecked(((ulong)(uint)seed << 32) ^ (ulong)minute) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return unchecked((int)z);
    }

    private void Deploy(DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var (at, feature, change, reason) in _faults.ReleaseChanges(from, to).Concat(ReleaseTrain.Deploys(_start, from, to)).OrderBy(c => c.At))
        {
            var active = Control.Controls(feature).Release;
            Control.Activate(new Deploy(at, change(active), reason));
        }
    }

    private List<SimTrace> Minute(Random random, DateTimeOffset from, ref long shed)
    {
        _application.NewMinute();
        var count = Traffic.Poisson(random, Traffic.RateAt(_scenario.RequestsPerMinute, from));
        var arrivals = Enumerable.Range(0, count).Select(_ => random.NextDouble() * 60_000).Order().ToList();
        var traces = new List<SimTrace>(count);
        var shares = Catalog.Features.Select(f => f.TrafficShare).ToList();
        foreach (var offset in arrivals)
        {
            var feature = UserPopulation.Pick(random, Catalog.Features, shares);
            if (_application.Serve(random, from + TimeSpan.FromMilliseconds(offset), feature) is { } trace)
            {
                traces.Add(trace);
            }
            else
            {
                shed++;
            }
        }

        return traces;
    }

    private async Task PaceAsync(DateTimeOffset realStart, TimeSpan due, CancellationToken cancellationToken)
    {
        var wait = realStart + due - _realTime.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _realTime, cancellationToken).ConfigureAwait(false);
        }
    }
}
