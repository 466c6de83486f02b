using System.Globalization;
using System.Text.Json;
using Vigil.Bench.Harness;
using Vigil.Core.Slos;

namespace Vigil.Bench.Evals;

/// <summary>The evaluation benchmark's report: the data, the model load, a row per scorer, the end-to-end runs, and one JSON line.</summary>
internal sealed class EvalsReport(EvalsOptions options, Report report)
{
    private readonly Dictionary<string, double> _json = new(StringComparer.Ordinal);
    private bool _ok = true;

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public void Header()
    {
        report.Line($"# Vigil online-evaluation benchmark, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        report.Line();
        report.Line($"Machine: {MachineInfo.Describe()}; load average at start {MachineInfo.LoadAverage()}");
        report.Line($"Source: {MachineInfo.SourceRevision()}");
        report.Line($"Options: {options.CommandLine}");
        report.Line();
    }

    public void Data(SimulatedStore sim, IReadOnlyList<SliSpan> roots, IReadOnlyList<BenchCase?> cases, string reference)
    {
        var s = sim.Summary;
        var features = roots.Select((r, i) => (r.Feature, Case: cases[i])).GroupBy(x => x.Feature, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => Inv($"{g.Key} {g.Count():N0} ({g.Count(x => x.Case is not null):N0} scorable, {g.Count(x => x.Case?.Reference is not null):N0} with a reference)"));
        var support = cases.OfType<BenchCase>().Where(c => c.Feature == EndToEnd.Feature).ToList();
        var invoices = cases.OfType<BenchCase>().Where(c => c.Feature == "extract-invoice").ToList();
        report.Line(Inv($"Data: acme simulated in process into a Vigil host (DuckDB store, fake clock), {options.Minutes} min from Monday 10:00 UTC at {options.RequestsPerMinute} requests/min, seed {options.Seed}: {s.Requests:N0} requests, {s.Spans:N0} spans, stored in {sim.FillSeconds:F1} s."));
        report.Line($"Traces by feature: {string.Join("; ", features)}.");
        report.Line(Inv($"support-chat cases: output {support.Average(c => c.Input.Output.Length):F0} characters on average, {support.Average(c => c.Input.Context.Count):F1} retrieved documents of {support.Average(c => c.Input.Context.Sum(d => d.Text.Length)):F0} characters in all, input {support.Average(c => c.Input.Input.Length):F0} characters; extract-invoice outputs {invoices.Average(c => c.Input.Output.Length):F0} characters."));
        report.Line($"`value` of similarity and exact (the first support-chat reference answer): \"{reference}\".");
        report.Line();
        _json["support_chat_cases"] = support.Count;
    }

    public void ModelLoad(ModelLoad load)
    {
        report.Line("## 1. MiniLM (all-MiniLM-L6-v2 through ONNX Runtime): the first similarity score of the process");
        report.Line();
        report.Table(new TextTable("measure", "value")
            .Row("first score: model load + first inference", Units.Ms(load.FirstScoreMs))
            .Row("warm score, same case (median of 9)", Units.Ms(load.WarmScoreMs))
            .Row("load time (first - warm)", Units.Ms(load.FirstScoreMs - load.WarmScoreMs))
            .Row("working set before -> after the first score", $"{Units.MiB(load.WorkingSetBefore)} -> {Units.MiB(load.WorkingSetAfter)} (+{Units.MiB(load.WorkingSetAfter - load.WorkingSetBefore)})"));
        report.Line();
        _json["minilm_first_score_ms"] = load.FirstScoreMs;
        _json["minilm_load_ms"] = load.FirstScoreMs - load.WarmScoreMs;
        _json["minilm_warm_score_ms"] = load.WarmScoreMs;
    }

    public void Scorers(IReadOnlyList<ScorerResult> results, EndToEndResult e2e)
    {
        var baseline = e2e.BaselineRate;
        report.Line("## 2. Per scorer, warm: scored cases per second");
        report.Line();
        report.Line(Inv($"Each row: {options.Warmup.TotalSeconds:F1} s of warm-up with 4 loops, then {options.Measure.TotalSeconds:F1} s with 1 loop and {options.Measure.TotalSeconds:F1} s with 4 (the evaluator's concurrency), cycling over the cases. CPU and allocations are the whole process's (GC, ONNX Runtime and the in-process fake judge included)."));
        report.Line(Inv($"Baseline (part 3): OnlineEvaluator.RunOnceAsync with exact, median of {e2e.Baseline.Count} runs (one before the rows, the rest after) = **{baseline:N0} traces/s** = {1e6 / baseline:N0} µs a trace at concurrency 4. \"x baseline\" = what one score costs in baseline traces (baseline rate / the row's rate with 4 loops); \"evaluator with it\" = 1 / (1/baseline + 1/row rate), the traces/s the evaluator would sustain with that scorer alone."));
        report.Line();
        var table = new TextTable("what", "options", "cases", "1 loop: cases/s", "µs/case", "CPU µs/case", "alloc/case", "4 loops: cases/s", "4 vs 1", "cores", "passed", "x baseline", "evaluator with it");
        foreach (var r in results)
        {
            var isRead = r.Row.Label.StartsWith("read trace", StringComparison.Ordinal);
            var x = baseline / r.Four.PerSecond;
            table.Row(r.Row.Label, r.Row.Options, Inv($"{r.Row.DistinctCases:N0} {r.Row.Cases}"),
                Units.Rate(r.One.PerSecond), Fixed(r.One.WallUsPerCase), Fixed(r.One.CpuUsPerCase), Bytes(r.One.BytesPerCase),
                Units.Rate(r.Four.PerSecond), Inv($"{r.Four.PerSecond / r.One.PerSecond:F2}x"), Inv($"{r.Four.Cores:F2}"), Inv($"{100 * r.One.PassShare:F0} %"),
                x >= 0.1 ? Inv($"{x:F2}") : Inv($"{x:F4}"),
                isRead ? "-" : Units.Rate(1 / ((1 / baseline) + (1 / r.Four.PerSecond))));
            var key = r.Row.Key;
            _json[key + "_per_s_1"] = r.One.PerSecond;
            _json[key + "_per_s_4"] = r.Four.PerSecond;
            _json[key + "_alloc_bytes"] = r.One.BytesPerCase;
        }

        report.Table(table);
        report.Line();
    }

    public void EndToEndRuns(EndToEndResult e2e, IReadOnlyList<ScorerResult> results, int scorable, IReadOnlyList<string> set)
    {
        report.Line("## 3. End to end: OnlineEvaluator.RunOnceAsync over the DuckDB store, support-chat, sample rate 1.0");
        report.Line();
        report.Line("A fresh evaluator per run (cursor 0, every trace since the epoch): read the SLI pages, sample, read each trace whole, build its case, score 4 traces at a time, commit the results in one transaction.");
        report.Line();
        var table = new TextTable("run", "scorers", "traces", "scores", "failures", "wall", "traces/s", "CPU µs/trace", "cores", "alloc/trace");
        void Row(string name, string scorers, EvaluatorRun run) => table.Row(name, scorers, Units.Count(run.Run.Traces), Units.Count(run.Run.Scores), Units.Count(run.Run.Failures),
            Units.Ms(1000 * run.Cost.WallSeconds), Units.Rate(run.Cost.PerSecond), Fixed(run.Cost.CpuUsPerCase), Inv($"{run.Cost.Cores:F2}"), Bytes(run.Cost.BytesPerCase));
        foreach (var run in e2e.BaselineWarmup)
        {
            Row("warm-up (not counted)", "exact", run);
        }

        for (var i = 0; i < e2e.Baseline.Count; i++)
        {
            Row($"baseline #{i + 1} ({(i == 0 ? "before" : "after")} the scorers)", "exact", e2e.Baseline[i]);
        }

        for (var i = 0; i < e2e.Set.Count; i++)
        {
            Row($"support-chat set #{i + 1}", string.Join(", ", set), e2e.Set[i]);
        }

        report.Table(table);
        var baseline = e2e.BaselineRate;
        report.Line(Inv($"Baseline: **{baseline:N0} traces/s** (median; runs {string.Join(", ", e2e.Baseline.Select(r => r.Cost.PerSecond.ToString("N0", CultureInfo.InvariantCulture)))})."));
        _json["baseline_traces_per_s"] = baseline;
        var read = results.FirstOrDefault(r => r.Row.Key == "read_trace");
        if (e2e.SliRead is { } sli && e2e.Write is { } write && read is not null)
        {
            var perTrace = 1e6 / e2e.Baseline[0].Cost.PerSecond;
            var sliUs = 1e6 * sli.WallSeconds / scorable;
            var readUs = read.Four.WallUsPerCase * read.Row.DistinctCases / scorable;
            var writeUs = 1e6 * write.WallSeconds / scorable;
            report.Line(Inv($"Where a trace's {perTrace:N0} µs of baseline run #1 go (wall, per scorable support-chat trace; the parts measured right after it): the SLI read of the whole store {sliUs:N0} µs ({sli.Cases:N0} roots of every feature in {1000 * sli.WallSeconds:F0} ms, read alone); reading the traces and building their cases {readUs:N0} µs (part 2, 4 loops, times {read.Row.DistinctCases:N0} roots read / {scorable:N0} scorable: the cache hits are read for nothing; {100 * readUs / perTrace:F0} %); committing the results {writeUs:N0} µs (one AppendAsync of {write.Cases:N0} results in {1000 * write.WallSeconds:F0} ms); scoring with exact ~0; the rest (sampling, scheduling, ordering, the metrics) {perTrace - sliUs - readUs - writeUs:N0} µs."));
            _json["baseline_sli_read_us_per_trace"] = sliUs;
            _json["baseline_trace_read_us_per_trace"] = readUs;
            _json["baseline_write_us_per_trace"] = writeUs;
        }

        if (e2e.Set.Count > 0)
        {
            var rate = EndToEndResult.Median(e2e.Set.Select(r => r.Cost.PerSecond));
            var rows = set.Select(n => results.FirstOrDefault(r => r.Row.Label == n)).ToList();
            var predicted = rows.All(r => r is not null) ? 1 / ((1 / baseline) + rows.Sum(r => 1 / r!.Four.PerSecond)) : double.NaN;
            report.Line(Inv($"Support-chat set: **{rate:N0} traces/s**; a trace costs **{baseline / rate:F1}x** the baseline's. Predicted from part 2 (1 / (1/baseline + sum of 1/rate with 4 loops)): {predicted:N0} traces/s."));
            _json["set_traces_per_s"] = rate;
            _json["set_ratio_cost_over_baseline"] = baseline / rate;
            _json["set_predicted_traces_per_s"] = predicted;
        }

        var all = e2e.BaselineWarmup.Concat(e2e.Baseline).Concat(e2e.Set).ToList();
        var countsOk = all.All(r => r.Run.Traces == scorable && r.Run.Failures == 0);
        report.Line(Inv($"Checks: every run scored the {scorable:N0} scorable support-chat traces the benchmark's own copy of TraceCase found, without failures: {(countsOk ? "yes" : "NO")}. Stored citation_accuracy and groundedness scores equal the same scorers on the benchmark's cases: {e2e.Compared - e2e.Mismatches:N0} of {e2e.Compared:N0}{(e2e.FirstMismatch is null ? "" : "; first difference: " + e2e.FirstMismatch)}."));
        report.Line();
        _ok &= countsOk && e2e.Mismatches == 0;
    }

    public async Task<int> FinishAsync(long judgeRequests, CancellationToken cancellationToken)
    {
        report.Line(Inv($"Fake judge requests answered: {judgeRequests:N0}. Benchmark wall time: {_clock.Elapsed.TotalSeconds:F0} s. Load average at the end: {MachineInfo.LoadAverage()}"));
        report.Line();
        report.Line("json: " + JsonSerializer.Serialize(_json.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 3), StringComparer.Ordinal)));
        var saved = await report.SaveAsync($"evals-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}.md", cancellationToken);
        Console.WriteLine();
        Console.WriteLine($"Report saved to {saved}");
        return _ok ? 0 : 1;
    }

    private static string Fixed(double value) => value >= 100 ? Units.Count((long)Math.Round(value)) : Units.Fixed(value, 1);

    /// <summary>
    /// Bytes per case; "n/a" when <see cref="GC.GetTotalAllocatedBytes"/> went backwards over the stretch
    /// (seen once with Server GC, over a run whose thread-pool threads came and went).
    /// </summary>
    private static string Bytes(double bytes) => bytes < 0 ? "n/a" : bytes >= 1024 * 1024 ? Inv($"{bytes / 1048576:F1} MiB") : bytes >= 1024 ? Inv($"{bytes / 1024:F1} KiB") : Inv($"{bytes:F0} B");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
