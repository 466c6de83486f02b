using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Core.Slos;
using Vigil.Core.Spans;
using Vigil.Server.Evaluation;

namespace Vigil.Bench.Evals;

/// <summary>One <see cref="OnlineEvaluator.RunOnceAsync"/> measured, with what it reported.</summary>
internal sealed record EvaluatorRun(Throughput Cost, OnlineRun Run);

/// <summary>What part 3 measured.</summary>
internal sealed class EndToEndResult
{
    public List<EvaluatorRun> BaselineWarmup { get; } = [];
    public List<EvaluatorRun> Baseline { get; } = [];
    public List<EvaluatorRun> Set { get; } = [];

    /// <summary>The SLI pages of the whole store read alone, as a run starts (Cases = root spans).</summary>
    public Throughput? SliRead { get; set; }

    /// <summary>One AppendAsync of as many evaluation results as a baseline run commits (Cases = results).</summary>
    public Throughput? Write { get; set; }

    /// <summary>(trace, scorer) scores the set's run stored, compared with the same scorers on the benchmark's copy of the cases.</summary>
    public int Compared { get; set; }

    public int Mismatches { get; set; }

    public string? FirstMismatch { get; set; }

    /// <summary>The median baseline run: traces per second of the evaluator with the exact scorer.</summary>
    public double BaselineRate => Median(Baseline.Select(r => r.Cost.PerSecond));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>
/// Part 3, through the public API only: a fresh <see cref="OnlineEvaluator"/> per run (cursor 0, scoring
/// every trace since the epoch) over the simulated store, support-chat at sample rate 1.0. Each run reads
/// the SLI pages, samples, reads every support-chat trace whole, builds its case (the real
/// <c>TraceCase</c>), scores it with the feature's scorers four traces at a time, and commits the results
/// in one transaction. The baseline scores with <c>exact</c> (nearly free), so its rate is the evaluator's
/// own cost per trace; the support-chat set is citation_accuracy, groundedness and similarity.
/// </summary>
internal static class EndToEnd
{
    public const string Feature = "support-chat";

    public static async Task<EvaluatorRun> RunAsync(SimulatedStore sim, IReadOnlyList<OnlineScorerSettings> scorers, CancellationToken cancellationToken)
    {
        var settings = new EvaluationSettings
        {
            Online = [new OnlineFeatureSettings { Feature = Feature, SampleRate = 1.0, Scorers = scorers }],
        };
        using var metrics = new OnlineEvaluationMetrics();
        using var evaluator = new OnlineEvaluator(settings, sim.Events, sim.Store, sim.Clock, metrics, NullLogger<OnlineEvaluator>.Instance, DateTimeOffset.UnixEpoch);
        OnlineRun? run = null;
        var cost = await Throughputs.MeasureAsync(async () =>
        {
            run = await evaluator.RunOnceAsync(sim.Clock.GetUtcNow(), cancellationToken);
            return (run.Traces, run.Scores);
        });
        return new EvaluatorRun(cost, run!);
    }

    /// <summary>
    /// The baseline's two store steps apart from reading traces: the SLI read of the whole store, and the
    /// commit of one result per scorable support-chat trace (source <c>bench:write-probe</c>, so that the
    /// evaluator's own results are untouched).
    /// </summary>
    public static async Task BreakdownAsync(SimulatedStore sim, IReadOnlyList<BenchCase> support, EndToEndResult result, CancellationToken cancellationToken)
    {
        List<SliSpan> roots = [];
        result.SliRead = await Throughputs.MeasureAsync(async () =>
        {
            roots = await sim.RootsAsync(cancellationToken);
            return (roots.Count, 0);
        });
        var byTrace = roots.ToDictionary(r => r.TraceId, StringComparer.Ordinal);
        var probe = support.Select(c => byTrace[c.TraceId]).Select(root => new EvaluationResult
        {
            ProjectId = root.ProjectId,
            TraceId = root.TraceId,
            Name = "exact",
            ScoreValue = 0,
            ScoreLabel = "fail",
            Explanation = "output differs from the expected output at character 1: 'Acme Vault allows …' vs 'Refunds are …'",
            Source = "bench:write-probe",
            TimeUnixNano = root.StartUnixNano + root.DurationNano,
            Feature = root.Feature,
        }).ToList();
        result.Write = await Throughputs.MeasureAsync(async () =>
        {
            await sim.Store.AppendAsync(new TelemetryBatch { Evaluations = probe }, cancellationToken);
            return (probe.Count, 0);
        });
    }
}
