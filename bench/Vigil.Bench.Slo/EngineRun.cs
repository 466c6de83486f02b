using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Slos;
using Vigil.Server.Slos;
using Vigil.Storage.DuckDb;

namespace Vigil.Bench.Slo;

/// <summary>What the engine part measured.</summary>
internal sealed class EngineResult
{
    public CostSample Append { get; } = new();
    public CostSample Evaluate { get; } = new();
    public CostSample ReadOnly { get; } = new();
    public long EventsPerTick { get; set; }
    public double FirstEvaluationMs { get; set; }
    public int Firing { get; set; }
}

/// <summary>
/// Part 2: <see cref="SloEngine"/> over a DuckDB store in a temporary directory, on a fake clock. The
/// runtimes are preloaded with the same history as in part 1, so the store holds only the live ticks.
/// Each tick appends one interval of traffic in one <see cref="DuckDbTelemetryStore.AppendAsync"/>
/// (the baseline: what ingesting the same events costs), advances the clock by the interval and runs
/// <see cref="SloEngine.EvaluateAsync"/>; then, for the breakdown, reads the same batch again through
/// <see cref="DuckDbTelemetryStore.ReadSliEventsAsync"/> alone (the engine's read without feeding or evaluating).
/// </summary>
internal static class EngineRun
{
    private const int PageRows = 50_000;

    public static async Task<EngineResult> RunAsync(SloOptions options, IReadOnlyList<SloDefinition> slos, DateTimeOffset start, string directory, CancellationToken cancellationToken)
    {
        var result = new EngineResult();
        var clock = new FakeTimeProvider(start);
        using var database = DuckDbDatabase.Open(directory, clock);
        var store = new DuckDbTelemetryStore(database);
        using var engine = new SloEngine(slos, store, clock, NullLogger<SloEngine>.Instance);
        for (var i = 0; i < engine.Runtimes.Count; i++)
        {
            History.Preload(engine.Runtimes[i], i, MinuteSeries.MinuteOf(start), options.HistoryDays, options);
        }

        var first = await CpuMeter.MeasureAsync(() => engine.EvaluateAsync(cancellationToken));
        result.FirstEvaluationMs = first.WallMs;
        var horizon = slos.Max(s => s.Horizon);
        var traffic = new Traffic(options.Seed + 1);
        long cursor = 0;
        for (var tick = 0; tick < options.Warmup + options.Ticks; tick++)
        {
            var from = clock.GetUtcNow();
            var slice = traffic.Generate(CoreRun.Nano(from), CoreRun.Nano(from + options.Interval), options.SpansPerTick, options.EvaluationsPerTick, forSli: false);
            var batch = slice.Batch;
            var append = await CpuMeter.MeasureAsync(() => store.AppendAsync(batch, cancellationToken));
            clock.Advance(options.Interval);
            var before = engine.EventsRead;
            var evaluate = await CpuMeter.MeasureAsync(() => engine.EvaluateAsync(cancellationToken));
            var since = CoreRun.Nano(clock.GetUtcNow() - horizon);
            var read = await CpuMeter.MeasureAsync(async () =>
            {
                while (true)
                {
                    var page = await store.ReadSliEventsAsync(cursor, since, PageRows, cancellationToken);
                    if (page.LastBatch == cursor)
                    {
                        break;
                    }

                    cursor = page.LastBatch;
                }
            });
            if (tick < options.Warmup)
            {
                continue;
            }

            result.Append.Add(append);
            result.Evaluate.Add(evaluate);
            result.ReadOnly.Add(read);
            result.EventsPerTick = engine.EventsRead - before;
        }

        result.Firing = engine.Statuses.Count(s => s.AlertState == "firing");
        return result;
    }
}
