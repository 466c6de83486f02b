using Vigil.Bench.Harness;
using Vigil.Evals;
using Vigil.Server.Evaluation;

namespace Vigil.Bench.Evals;

/// <summary>
/// The online-evaluation benchmark: how many traces per second each scorer sustains, warm, on this
/// machine, against the evaluator's own cost per trace measured in the same run. Prints a report and
/// saves it under bench/results.
/// </summary>
internal static class Program
{
    /// <summary>acme's support-chat scorers online: the end-to-end figure.</summary>
    private static readonly string[] SupportChatSet = ["citation_accuracy", "groundedness", "similarity"];

    /// <summary>The set's scorers cheap enough to re-run on every case for the check.</summary>
    private static readonly string[] Compared = ["citation_accuracy", "groundedness"];

    public static async Task<int> Main(string[] args)
    {
        var bench = new BenchArgs(args);
        if (bench.Help)
        {
            Console.WriteLine(EvalsOptions.Usage);
            return 0;
        }

        EvalsOptions options;
        try
        {
            options = EvalsOptions.Parse(bench);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message + Environment.NewLine + Environment.NewLine + EvalsOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var ct = cancel.Token;
        var report = new EvalsReport(options, new Report());
        report.Header();

        Console.WriteLine($"(simulating {options.Minutes} min of acme traffic at {options.RequestsPerMinute} requests/min into an in-process Vigil)");
        await using var sim = await SimulatedStore.StartAsync(options, ct);
        var roots = await sim.RootsAsync(ct);
        var cases = new BenchCase?[roots.Count];
        await Parallel.ForAsync(0, roots.Count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, c) =>
        {
            var trace = await sim.Store.GetTraceAsync(roots[i].ProjectId, roots[i].TraceId, c);
            cases[i] = trace is null ? null : TraceCases.From(trace);
        });
        var support = cases.OfType<BenchCase>().Where(c => c.Feature == EndToEnd.Feature).ToList();
        var invoices = cases.OfType<BenchCase>().Where(c => c.Feature == "extract-invoice").ToList();
        var supportRoots = roots.Where(r => r.Feature == EndToEnd.Feature).ToList();
        var reference = support.Select(c => c.Reference).FirstOrDefault(r => r is not null);
        if (support.Count == 0 || invoices.Count == 0 || reference is null)
        {
            await Console.Error.WriteLineAsync($"too little traffic: {support.Count} support-chat cases, {invoices.Count} extract-invoice cases, reference {(reference is null ? "none" : "found")}; raise --minutes or --rpm");
            return 1;
        }

        report.Data(sim, roots, cases, reference);

        Console.WriteLine("(MiniLM: first similarity score of the process)");
        var load = await ScorerRuns.LoadModelAsync(support[0].Input, reference, ct);

        // The judge's key: a variable of this process only, so that no real OPENAI_API_KEY is ever sent to the fake.
        Environment.SetEnvironmentVariable(ScorerRuns.JudgeKeyVariable, "bench-not-a-key");
        await using var judge = await FakeJudge.StartAsync(ct);
        using var floor = new RawJudgeFloor(new Uri(judge.BaseUrl), ScorerRuns.Rubric);
        OnlineScorerSettings Setting(string name) => new(name, ScorerRuns.OptionsFor(name, reference, judge.BaseUrl));

        // The baseline brackets the scorers (one run before, the rest after) on a machine whose load drifts;
        // its main part, the trace reads, and its other store steps are measured next to the first run.
        var e2e = new EndToEndResult();
        Console.WriteLine("(end to end: OnlineEvaluator.RunOnceAsync with exact, the baseline: warm-up and run #1)");
        e2e.BaselineWarmup.Add(await EndToEnd.RunAsync(sim, [Setting("exact")], ct));
        e2e.Baseline.Add(await EndToEnd.RunAsync(sim, [Setting("exact")], ct));
        var results = new List<ScorerResult>();
        var read = ScorerRuns.ReadRow(sim, supportRoots);
        Console.WriteLine($"({read.Label})");
        results.Add(await ScorerRuns.MeasureAsync(read, options, ct));
        Console.WriteLine("(the baseline's SLI read and commit, alone)");
        await EndToEnd.BreakdownAsync(sim, support, e2e, ct);

        foreach (var row in ScorerRuns.Rows(options, support, invoices, reference, judge.BaseUrl, floor))
        {
            Console.WriteLine($"({row.Label})");
            results.Add(await ScorerRuns.MeasureAsync(row, options, ct));
        }

        Console.WriteLine("(end to end: the baseline's other runs)");
        for (var i = 1; i < options.EndToEndRuns; i++)
        {
            e2e.Baseline.Add(await EndToEnd.RunAsync(sim, [Setting("exact")], ct));
        }

        Console.WriteLine($"(end to end: OnlineEvaluator.RunOnceAsync with {string.Join(", ", SupportChatSet)})");
        for (var i = 0; i < options.SetRuns; i++)
        {
            e2e.Set.Add(await EndToEnd.RunAsync(sim, [.. SupportChatSet.Select(Setting)], ct));
        }

        if (options.SetRuns > 0)
        {
            await CompareAsync(sim, support, e2e, ct);
        }

        report.ModelLoad(load);
        report.Scorers(results, e2e);
        report.EndToEndRuns(e2e, results, support.Count, SupportChatSet);
        return await report.FinishAsync(judge.Requests, ct);
    }

    /// <summary>
    /// The evaluator's stored citation_accuracy and groundedness scores against the same scorers on the
    /// benchmark's copy of the cases: they agree only if the copy builds the cases the evaluator builds.
    /// </summary>
    private static async Task CompareAsync(SimulatedStore sim, IReadOnlyList<BenchCase> support, EndToEndResult e2e, CancellationToken ct)
    {
        var cheap = Compared.Select(n => ScorerFactory.Create(n)).ToList();
        var stored = new Dictionary<(string TraceId, string Name), double?>();
        foreach (var scorer in cheap)
        {
            foreach (var (key, value) in await sim.EvaluationsAsync(OnlineEvaluator.SourcePrefix + scorer.Name, ct))
            {
                stored[key] = value;
            }
        }

        foreach (var c in support)
        {
            foreach (var scorer in cheap)
            {
                var direct = (await scorer.ScoreAsync(c.Input, ct)).Value;
                e2e.Compared++;
                if (!stored.TryGetValue((c.TraceId, scorer.Name), out var online) || online is not { } value || Math.Abs(value - direct) > 1e-9)
                {
                    e2e.Mismatches++;
                    e2e.FirstMismatch ??= $"{scorer.Name} on trace {c.TraceId}: stored {online?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, direct {direct.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                }
            }
        }
    }
}
