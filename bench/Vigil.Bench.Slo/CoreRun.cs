using System.Diagnostics;
using Vigil.Core.Slos;

namespace Vigil.Bench.Slo;

/// <summary>The cost of the SLOs of one shape (budgeting method, slice, window): per tick, and per SLO in the profile.</summary>
internal sealed class ShapeCost
{
    public int Slos { get; set; }
    public double TickMs { get; set; }
    public double BudgetUs { get; set; }
    public double WindowsUs { get; set; }
    public double EvaluateUs { get; set; }
    public double NaiveUs { get; set; }
}

/// <summary>What the core part measured.</summary>
internal sealed class CoreResult
{
    public CostSample Tick { get; } = new();
    public CostSample Observe { get; } = new();
    public CostSample Evaluate { get; } = new();
    public CostSample Naive { get; } = new();

    /// <summary>Per SLO shape: how many SLOs, wall time of their Evaluate per tick, and the profile at the last instant.</summary>
    public SortedDictionary<string, ShapeCost> ByShape { get; } = new(StringComparer.Ordinal);

    public long HistoryEvents { get; set; }
    public double PreloadSeconds { get; set; }
    public long Comparisons { get; set; }
    public long Mismatches { get; set; }
    public string? FirstMismatch { get; set; }
    public int Firing { get; set; }
    public int Spans { get; set; }
    public int Evaluations { get; set; }
}

/// <summary>
/// Part 1, in Core: the catalogue's runtimes preloaded with history, then ticks that feed one interval
/// of traffic through <see cref="SloRuntime.Observe(SliSpan, DateTimeOffset)"/> (to the SLOs of each
/// event's feature, as the engine does) and evaluate every SLO; after each tick the naive evaluation of
/// the same series at the same instant, checked against the runtime's answer.
/// </summary>
internal static class CoreRun
{
    public static CoreResult Run(SloOptions options, IReadOnlyList<SloDefinition> slos, DateTimeOffset start)
    {
        var result = new CoreResult();
        var runtimes = slos.Select(d => new SloRuntime(d)).ToArray();
        var preload = Stopwatch.StartNew();
        for (var i = 0; i < runtimes.Length; i++)
        {
            result.HistoryEvents += History.Preload(runtimes[i], i, MinuteSeries.MinuteOf(start), options.HistoryDays, options);
        }

        result.PreloadSeconds = preload.Elapsed.TotalSeconds;
        var byFeature = runtimes.GroupBy(r => r.Definition.Feature, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var shapes = slos.Select(s => SloShape.Of(s) + (s.Indicator.Kind == SliKind.CostPerTask ? " (cost per task)" : string.Empty)).ToArray();
        foreach (var shape in shapes)
        {
            (result.ByShape.TryGetValue(shape, out var cost) ? cost : result.ByShape[shape] = new ShapeCost()).Slos++;
        }

        var perSlo = new long[runtimes.Length];
        var traffic = new Traffic(options.Seed);
        for (var tick = 0; tick < options.Warmup + options.Ticks; tick++)
        {
            var from = start + (options.Interval * tick);
            var now = from + options.Interval;
            var slice = traffic.Generate(Nano(from), Nano(now), options.SpansPerTick, options.EvaluationsPerTick, forSli: true);
            var observe = CpuMeter.Measure(() => Feed(slice, byFeature, now));
            var evaluate = CpuMeter.Measure(() =>
            {
                for (var i = 0; i < runtimes.Length; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    runtimes[i].Evaluate(now);
                    perSlo[i] += Stopwatch.GetTimestamp() - started;
                }
            });
            var naiveResults = new NaiveResult[runtimes.Length];
            var naive = CpuMeter.Measure(() =>
            {
                for (var i = 0; i < runtimes.Length; i++)
                {
                    naiveResults[i] = NaiveEvaluator.Evaluate(slos[i], runtimes[i].Series, now);
                }
            });
            for (var i = 0; i < runtimes.Length; i++)
            {
                result.Comparisons++;
                if (NaiveEvaluator.Difference(naiveResults[i], runtimes[i].Last!) is { } difference)
                {
                    result.Mismatches++;
                    result.FirstMismatch ??= $"{slos[i].Name} at {now:O}: {difference}";
                }
            }

            if (tick < options.Warmup)
            {
                Array.Clear(perSlo);
                continue;
            }

            result.Observe.Add(observe);
            result.Evaluate.Add(evaluate);
            result.Tick.Add(observe + evaluate);
            result.Naive.Add(naive);
            result.Spans = slice.SliSpans.Count;
            result.Evaluations = slice.SliEvaluations.Count;
        }

        for (var i = 0; i < runtimes.Length; i++)
        {
            result.ByShape[shapes[i]].TickMs += perSlo[i] * 1000.0 / Stopwatch.Frequency / options.Ticks;
        }

        result.Firing = runtimes.Count(r => r.Last?.AlertState == "firing");
        Profile(runtimes, shapes, start + (options.Interval * (options.Warmup + options.Ticks)), result);
        return result;
    }

    /// <summary>
    /// A profile at the last instant: per SLO, <see cref="SloCalculator.Budget"/>, then
    /// <see cref="SloCalculator.Window"/> for every distinct alert window, the whole
    /// <see cref="SloRuntime.Evaluate"/> (the rest is alert state and the status) and the naive
    /// evaluation, each the median of 31 calls (robust to preemption on a shared machine).
    /// </summary>
    private static void Profile(SloRuntime[] runtimes, string[] shapes, DateTimeOffset now, CoreResult result)
    {
        for (var i = 0; i < runtimes.Length; i++)
        {
            var runtime = runtimes[i];
            var slo = runtime.Definition;
            var windows = slo.Alerting.PairsFor(slo.Window.PeriodAt(now)).SelectMany(p => new[] { p.LongWindow, p.ShortWindow }).Distinct().ToArray();
            var shape = result.ByShape[shapes[i]];
            shape.BudgetUs += MedianMicros(() => SloCalculator.Budget(slo, runtime.Series, now)) / shape.Slos;
            shape.WindowsUs += MedianMicros(() =>
            {
                foreach (var window in windows)
                {
                    SloCalculator.Window(slo, runtime.Series, now, window);
                }
            }) / shape.Slos;
            shape.EvaluateUs += MedianMicros(() => runtime.Evaluate(now)) / shape.Slos;
            shape.NaiveUs += MedianMicros(() => NaiveEvaluator.Evaluate(slo, runtime.Series, now)) / shape.Slos;
        }
    }

    private static double MedianMicros(Action work)
    {
        var times = new double[31];
        for (var r = 0; r < times.Length; r++)
        {
            var started = Stopwatch.GetTimestamp();
            work();
            times[r] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(times);
        return times[times.Length / 2];
    }

    public static long Nano(DateTimeOffset time) => time.ToUnixTimeMilliseconds() * 1_000_000;

    private static void Feed(TrafficSlice slice, Dictionary<string, SloRuntime[]> byFeature, DateTimeOffset now)
    {
        foreach (var span in slice.SliSpans)
        {
            if (byFeature.TryGetValue(span.Feature, out var runtimes))
            {
                foreach (var runtime in runtimes)
                {
                    runtime.Observe(span, now);
                }
            }
        }

        foreach (var evaluation in slice.SliEvaluations)
        {
            if (byFeature.TryGetValue(evaluation.Feature, out var runtimes))
            {
                foreach (var runtime in runtimes)
                {
                    runtime.Observe(evaluation, now);
                }
            }
        }
    }
}
