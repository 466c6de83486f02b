using System.Globalization;
using System.Text.Json;
using Vigil.Bench.Harness;
using Vigil.Core.Slos;

namespace Vigil.Bench.Slo;

/// <summary>The SLO benchmark's report: a table per part, the goal, and one JSON line of the headline figures.</summary>
internal sealed class SloReport(SloOptions options, IReadOnlyList<SloDefinition> slos, Report report)
{
    /// <summary>The issue's goal: one evaluation tick under 1 % of one core at the interval.</summary>
    private const double GoalShare = 0.01;

    private readonly Dictionary<string, double> _json = new(StringComparer.Ordinal);
    private bool _met = true;
    private readonly List<(string Goal, string Measured, bool Met)> _goals = [];

    public void Header(DateTimeOffset start)
    {
        report.Line($"# Vigil SLO evaluation benchmark, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        report.Line();
        report.Line($"Machine: {MachineInfo.Describe()}; load average at start {MachineInfo.LoadAverage()}");
        report.Line($"Source: {MachineInfo.SourceRevision()}");
        report.Line(Inv($"Options: --slos {options.Slos} --ticks {options.Ticks} --warmup {options.Warmup} --interval {options.IntervalSeconds} --spans-per-second {options.SpansPerSecond} --evals-per-tick {options.EvaluationsPerTick} --history-days {options.HistoryDays} --bootstrap-spans {options.BootstrapSpans} --parts {string.Join(',', options.Parts.Order(StringComparer.Ordinal))} --seed {options.Seed}"));
        var methods = slos.GroupBy(s => s.Method).Select(g => $"{g.Count()} {g.Key}");
        var windows = slos.GroupBy(s => s.Window.IsCalendarMonth ? "calendar month" : $"rolling {s.Window.Duration.TotalDays:F0} d").Select(g => $"{g.Count()} {g.Key}");
        var kinds = slos.GroupBy(s => s.Indicator.Kind).Select(g => $"{g.Count()} {g.Key}");
        report.Line(Inv($"SLOs: {slos.Count} over {slos.Select(s => s.Feature).Distinct().Count()} features; {string.Join(", ", kinds)}; {string.Join(", ", methods)}; {string.Join(", ", windows)}; default alert pairs (1 h/5 min, 6 h/30 min, 1 d/2 h, 3 d/6 h)."));
        report.Line(Inv($"Clock: ticks start at {start:yyyy-MM-dd HH:mm} UTC (history ends there); one tick = {options.IntervalSeconds} s of traffic: {options.SpansPerTick:N0} spans ({options.SpansPerSecond}/s, ~{Traffic.MeanSpansPerTrace} a trace) and {options.EvaluationsPerTick} evaluation results."));
        report.Line();
    }

    public void Core(CoreResult r)
    {
        report.Line("## 1. Core: SloRuntime.Observe + Evaluate per tick (process CPU)");
        report.Line();
        report.Line(Inv($"History: {options.HistoryDays} days of minutes per SLO, {r.HistoryEvents:N0} events in all, loaded with AddMinute in {r.PreloadSeconds:F1} s. Measured ticks: {r.Tick.Count} (after {options.Warmup} warm-up); each fed {r.Spans:N0} spans and {r.Evaluations} evaluations."));
        report.Line();
        report.Table(CostTable()
            .Row(CostRow("tick: Observe + Evaluate of every SLO", r.Tick))
            .Row(CostRow("· Observe (spans and evaluations to their feature's SLOs)", r.Observe))
            .Row(CostRow("· Evaluate (budget, windows, alerts, status)", r.Evaluate))
            .Row(CostRow("baseline: naive evaluation (minute by minute)", r.Naive)));
        var share = r.Tick.MeanCpu / options.Interval.TotalMilliseconds;
        var ratio = r.Evaluate.MeanCpu / r.Naive.MeanCpu;
        report.Line(Inv($"Share of one core at {options.IntervalSeconds} s: **{100 * share:F3} %** (mean tick CPU / interval; p95 tick {100 * r.Tick.P95Cpu / options.Interval.TotalMilliseconds:F3} %). Ratio Evaluate / naive (CPU, mean): **{ratio:F3}** ({1 / ratio:F1}x faster); whole tick / naive: {r.Tick.MeanCpu / r.Naive.MeanCpu:F3}."));
        report.Line(Inv($"Naive and Evaluate agree: {r.Comparisons - r.Mismatches:N0} of {r.Comparisons:N0} (SLO, tick) results equal (budget events, slices, spent; every window's events and ratio){(r.FirstMismatch is null ? string.Empty : "; first difference: " + r.FirstMismatch)}. Firing at the last tick: {r.Firing} SLOs."));
        report.Line();
        report.Line("Where Evaluate's time goes: wall time per tick (Stopwatch around each SLO's Evaluate in the measured ticks), and a profile at the");
        report.Line("last instant, per SLO (median of 31 calls each, caches warm): SloCalculator.Budget, SloCalculator.Window for every distinct alert");
        report.Line("window, the whole Evaluate (the rest: alert tracker, traces link, status record; no task closes at a repeated instant) and the naive evaluation.");
        report.Line();
        var table = new TextTable("SLO shape", "SLOs", "ms per tick", "µs per SLO", "profile µs/SLO: Evaluate", "budget", "windows", "rest", "naive", "Evaluate / naive");
        foreach (var (shape, c) in r.ByShape.OrderByDescending(kv => kv.Value.TickMs))
        {
            table.Row(shape, Units.Count(c.Slos), Units.Fixed(c.TickMs, 3), Units.Fixed(1000 * c.TickMs / c.Slos, 1),
                Units.Fixed(c.EvaluateUs, 1), Units.Fixed(c.BudgetUs, 1), Units.Fixed(c.WindowsUs, 1), Units.Fixed(c.EvaluateUs - c.BudgetUs - c.WindowsUs, 1),
                Units.Fixed(c.NaiveUs, 1), Units.Fixed(c.EvaluateUs / c.NaiveUs, 3));
        }

        report.Table(table);
        report.Line();
        _json["core_tick_cpu_ms"] = r.Tick.MeanCpu;
        _json["core_tick_cpu_p95_ms"] = r.Tick.P95Cpu;
        _json["core_evaluate_cpu_ms"] = r.Evaluate.MeanCpu;
        _json["core_naive_cpu_ms"] = r.Naive.MeanCpu;
        _json["core_ratio_evaluate_over_naive"] = ratio;
        _json["core_core_share_pct"] = 100 * share;
        _json["core_mismatches"] = r.Mismatches;
        Goal($"Core: {slos.Count} SLOs x {options.HistoryDays} d, one tick < 1 % of a core at {options.IntervalSeconds} s", Inv($"{100 * share:F3} %"), share < GoalShare && r.Mismatches == 0);
    }

    public void Engine(EngineResult r)
    {
        report.Line("## 2. SloEngine.EvaluateAsync over a DuckDB store, per tick (process CPU)");
        report.Line();
        report.Line(Inv($"Measured ticks: {r.Evaluate.Count} (after {options.Warmup} warm-up); each tick one AppendAsync of {options.SpansPerTick:N0} spans + {options.EvaluationsPerTick} evaluations, then EvaluateAsync read {r.EventsPerTick:N0} events. First evaluation (empty store, history preloaded): {r.FirstEvaluationMs:F1} ms."));
        report.Line();
        report.Table(CostTable()
            .Row(CostRow("EvaluateAsync (store read + Observe + Evaluate)", r.Evaluate))
            .Row(CostRow("· the store's read alone (ReadSliEventsAsync, same batch again)", r.ReadOnly))
            .Row(CostRow("baseline: AppendAsync of the same batch (a checkpoint or the compaction every 200 batches in some)", r.Append)));
        var share = r.Evaluate.MeanCpu / options.Interval.TotalMilliseconds;
        var ratio = r.Evaluate.MeanCpu / r.Append.MeanCpu;
        report.Line(Inv($"Share of one core at {options.IntervalSeconds} s: **{100 * share:F3} %** (p95 tick {100 * r.Evaluate.P95Cpu / options.Interval.TotalMilliseconds:F3} %). Ratio EvaluateAsync / AppendAsync (CPU, mean): **{ratio:F2}**; median {r.Evaluate.MedianCpu / r.Append.MedianCpu:F2}; wall (mean) {r.Evaluate.MeanWall / r.Append.MeanWall:F2}. Firing at the last tick: {r.Firing} SLOs."));
        report.Line();
        _json["engine_tick_cpu_ms"] = r.Evaluate.MeanCpu;
        _json["engine_tick_cpu_p95_ms"] = r.Evaluate.P95Cpu;
        _json["engine_tick_wall_ms"] = r.Evaluate.MeanWall;
        _json["engine_read_cpu_ms"] = r.ReadOnly.MeanCpu;
        _json["engine_append_cpu_ms"] = r.Append.MeanCpu;
        _json["engine_ratio_evaluate_over_append"] = ratio;
        _json["engine_core_share_pct"] = 100 * share;
        Goal($"Engine over DuckDB: EvaluateAsync per tick < 1 % of a core at {options.IntervalSeconds} s", Inv($"{100 * share:F3} %"), share < GoalShare);
    }

    public void Bootstrap(BootstrapResult r)
    {
        report.Line("## 3. Start-up read: a fresh engine's first EvaluateAsync over a filled store");
        report.Line();
        var scanWall = r.Scan.MedianWall;
        var table = new TextTable("measure", "wall", "CPU", "events", "events/s (wall)")
            .Row(Inv($"store: filled with AppendAsync, batches of 50,000 ({r.FillSeconds:F0} s, {Units.MiB(r.FileBytes)})"), Units.Ms(1000 * r.FillSeconds), "-", Units.Count(r.Spans + r.Evaluations), Units.Rate((r.Spans + r.Evaluations) / r.FillSeconds));
        for (var i = 0; i < r.Starts.Count; i++)
        {
            var (cost, events) = r.Starts[i];
            table.Row($"first EvaluateAsync of fresh engine #{i + 1}", Units.Ms(cost.WallMs), Units.Ms(cost.CpuMs), Units.Count(events), Units.Rate(events / (cost.WallMs / 1000)));
        }

        table.Row("· the store's read alone (ReadSliEventsAsync pages from cursor 0)", Units.Ms(r.ReadOnly.WallMs), Units.Ms(r.ReadOnly.CpuMs), Units.Count(r.ReadOnlyEvents), Units.Rate(r.ReadOnlyEvents / (r.ReadOnly.WallMs / 1000)))
            .Row(Inv($"the next tick of engine #1, {3 * options.IntervalSeconds} s later (cost-per-task SLOs settle the tasks read at start)"), Units.Ms(r.NextTick.WallMs), Units.Ms(r.NextTick.CpuMs), "-", "-")
            .Row("baseline: SELECT count(*), sum(duration_ns) FROM spans (median of 3)", Units.Ms(scanWall), Units.Ms(r.Scan.MedianCpu), Units.Count(r.Spans), Units.Rate(r.Spans / (scanWall / 1000)))
            .Row("second baseline: the 15 span columns SLIs read, ORDER BY batch_seq, every value through DbDataReader", Units.Ms(r.Materialize.WallMs), Units.Ms(r.Materialize.CpuMs), Units.Count(r.MaterializedRows), Units.Rate(r.MaterializedRows / (r.Materialize.WallMs / 1000)));
        report.Table(table);
        var first = r.Starts[0].Cost.WallMs;
        report.Line(Inv($"Ratio first EvaluateAsync / plain scan (wall): **{first / scanWall:F0}x**; / reading the same span columns through DuckDB.NET: {first / r.Materialize.WallMs:F1}x. {r.Spans:N0} spans and {r.Evaluations:N0} evaluations over the 30 days before the clock."));
        report.Line();
        _json["bootstrap_spans"] = r.Spans;
        _json["bootstrap_wall_ms"] = first;
        _json["bootstrap_cpu_ms"] = r.Starts[0].Cost.CpuMs;
        _json["bootstrap_events_per_s"] = r.Starts[0].Events / (first / 1000);
        _json["bootstrap_scan_wall_ms"] = scanWall;
        _json["bootstrap_ratio_over_scan"] = first / scanWall;
        _json["bootstrap_materialize_wall_ms"] = r.Materialize.WallMs;
    }

    public async Task<int> FinishAsync(CancellationToken cancellationToken)
    {
        report.Line($"Load average at the end: {MachineInfo.LoadAverage()}");
        report.Line();
        report.Line("## Goal");
        report.Line();
        var table = new TextTable("goal", "measured", "verdict");
        foreach (var (goal, measured, met) in _goals)
        {
            table.Row(goal, measured, Report.Verdict(met));
        }

        report.Table(table);
        report.Line();
        report.Line("json: " + JsonSerializer.Serialize(_json.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 4), StringComparer.Ordinal)));
        var saved = await report.SaveAsync($"slo-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}.md", cancellationToken);
        Console.WriteLine();
        Console.WriteLine($"Report saved to {saved}");
        return _met ? 0 : 1;
    }

    private static TextTable CostTable() => new("per tick", "CPU mean", "CPU p50", "CPU p95", "CPU max", "wall mean", "wall p95", "wall max");

    private static string[] CostRow(string name, CostSample c) =>
        [name, Units.Ms(c.MeanCpu), Units.Ms(c.MedianCpu), Units.Ms(c.P95Cpu), Units.Ms(c.MaxCpu), Units.Ms(c.MeanWall), Units.Ms(c.P95Wall), Units.Ms(c.MaxWall)];

    private void Goal(string goal, string measured, bool met)
    {
        _goals.Add((goal, measured, met));
        _met &= met;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
