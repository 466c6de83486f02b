using System.Diagnostics;
using Vigil.Core.Slos;
using Vigil.Evals;
using Vigil.Simulator.Application.Requests;

namespace Vigil.Bench.Evals;

/// <summary>One row of the per-scorer table: what is scored, over which cases, and the work of case <c>i</c>.</summary>
internal sealed record ScorerRow(string Key, string Label, string Options, string Cases, int DistinctCases, Func<long, CancellationToken, ValueTask<bool>> Work);

/// <summary>A row measured: warm, with one loop and with the evaluator's four.</summary>
internal sealed record ScorerResult(ScorerRow Row, Throughput One, Throughput Four);

/// <summary>The model's first use: load plus first inference, against a warm score.</summary>
internal sealed record ModelLoad(double FirstScoreMs, double WarmScoreMs, long WorkingSetBefore, long WorkingSetAfter);

/// <summary>
/// Part 2: each scorer created by <see cref="ScorerFactory"/> exactly as vigil.yaml would create it, and
/// called on realistic cases built from the stored simulated traces: support-chat answers (with their
/// retrieved documents, cost and latency) for every scorer but <c>json_schema</c>, which gets
/// extract-invoice answers and the simulator's invoice schema.
/// </summary>
internal static class ScorerRuns
{
    public const string JudgeKeyVariable = "VIGIL_BENCH_JUDGE_KEY";
    /// <summary>Cases measured at least per row and loop count, past the time: similarity takes ~0.1 s a case.</summary>
    public const int MinCases = 40;

    public const string Rubric = "The answer states the fact of the support document the question is about, and cites that document's id in square brackets.";

    public static Dictionary<string, object?> Options(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>The options each scorer is measured with (and, for the support-chat set, configured online with).</summary>
    public static Dictionary<string, object?> OptionsFor(string scorer, string reference, string judgeBaseUrl) => scorer switch
    {
        "json_schema" => Options(("schema", ExtractionRequest.Schema)),
        "similarity" or "exact" => Options(("value", reference)),
        "contains" => Options(("value", "[kb-")),
        "regex" => Options(("pattern", @"\[kb-\d{4}\]")),
        "cost" => Options(("maxUsd", "0.01")),
        "latency" => Options(("maxMs", "5s")),
        "llm_judge" => Options(("baseUrl", judgeBaseUrl), ("model", "judge-bench"), ("rubric", Rubric), ("apiKeyEnv", JudgeKeyVariable)),
        _ => Options(),
    };

    /// <summary>The first similarity score of the process: loads all-MiniLM-L6-v2, then a few warm scores.</summary>
    public static async Task<ModelLoad> LoadModelAsync(ScoringInput input, string reference, CancellationToken cancellationToken)
    {
        var scorer = ScorerFactory.Create("similarity", Options(("value", reference)));
        var before = Environment.WorkingSet;
        var watch = Stopwatch.StartNew();
        await scorer.ScoreAsync(input, cancellationToken);
        var first = watch.Elapsed.TotalMilliseconds;
        var after = Environment.WorkingSet;
        var warm = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            watch.Restart();
            await scorer.ScoreAsync(input, cancellationToken);
            warm.Add(watch.Elapsed.TotalMilliseconds);
        }

        warm.Sort();
        return new ModelLoad(first, warm[warm.Count / 2], before, after);
    }

    /// <summary>The baseline's main part as a row: read a support-chat trace whole and build its case (cache hits included, as the evaluator reads them).</summary>
    public static ScorerRow ReadRow(SimulatedStore store, IReadOnlyList<SliSpan> supportRoots) =>
        new("read_trace", "read trace + case (the baseline's main part)", "GetTraceAsync + TraceCase copy", "support-chat roots", supportRoots.Count, async (i, ct) =>
        {
            var root = supportRoots[(int)(i % supportRoots.Count)];
            var trace = await store.Store.GetTraceAsync(root.ProjectId, root.TraceId, ct);
            return trace is not null && TraceCases.From(trace) is not null;
        });

    public static List<ScorerRow> Rows(
        EvalsOptions options, IReadOnlyList<BenchCase> support, IReadOnlyList<BenchCase> invoices, string reference, string judgeBaseUrl, RawJudgeFloor floor)
    {
        var rows = new List<ScorerRow>();
        foreach (var name in options.Scorers)
        {
            var scorerOptions = OptionsFor(name, reference, judgeBaseUrl);
            var cases = name == "json_schema" ? invoices : support;
            rows.Add(Row(name, name, Describe(name, scorerOptions), (name == "json_schema" ? "extract-invoice" : "support-chat") + " answers", ScorerFactory.Create(name, scorerOptions), cases));
            if (name == "similarity")
            {
                rows.Add(Row("similarity_no_value", "similarity without value (online today)", "no value; TraceCase sets no expected output", "support-chat answers", ScorerFactory.Create(name), support));
            }

            if (name == "llm_judge")
            {
                rows.Add(Row("llm_judge_floor", floor.Name, "same fake judge, no OpenAI SDK", "support-chat answers", floor, support));
            }
        }

        return rows;
    }

    public static async Task<ScorerResult> MeasureAsync(ScorerRow row, EvalsOptions options, CancellationToken cancellationToken)
    {
        if (options.Warmup > TimeSpan.Zero)
        {
            await Throughputs.RunAsync(row.Work, 4, options.Warmup, 4, cancellationToken);
        }

        var one = await Throughputs.RunAsync(row.Work, 1, options.Measure, MinCases, cancellationToken);
        var four = await Throughputs.RunAsync(row.Work, 4, options.Measure, MinCases, cancellationToken);
        return new ScorerResult(row, one, four);
    }

    private static ScorerRow Row(string key, string label, string options, string cases, IScorer scorer, IReadOnlyList<BenchCase> inputs) =>
        new(key, label, options, cases, inputs.Count, async (i, ct) => (await scorer.ScoreAsync(inputs[(int)(i % inputs.Count)].Input, ct)).Passed);

    private static string Describe(string scorer, Dictionary<string, object?> options) => scorer switch
    {
        "json_schema" => "schema: acme invoice-v1",
        "similarity" or "exact" => "value: a support-chat reference answer",
        "llm_judge" => "fake judge on loopback, JSON mode",
        _ when options.Count == 0 => "defaults",
        _ => string.Join(", ", options.Select(o => $"{o.Key}: {o.Value}")),
    };
}
