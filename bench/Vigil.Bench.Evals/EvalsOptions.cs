using System.Globalization;
using Vigil.Bench.Harness;
using Vigil.Evals;

namespace Vigil.Bench.Evals;

/// <summary>The evaluation benchmark's options.</summary>
internal sealed record EvalsOptions
{
    public const string Usage = """
        Vigil online-evaluation benchmark: scored cases per second of every scorer (one thread and the
        evaluator's 4), warm, with per-case allocations and the MiniLM model load apart, against
        OnlineEvaluator.RunOnceAsync with the exact scorer over the same simulated traces in a DuckDB store;
        plus the end-to-end evaluator with acme's support-chat set (citation_accuracy, groundedness, similarity).

          --minutes N        simulated acme traffic to generate (default 30 minutes of a Monday from 10:00)
          --rpm N            requests per minute across acme's features (default 20)
          --seconds N        measured seconds per scorer and loop count (default 2)
          --warmup-ms N      warm-up per scorer before measuring, with 4 loops (default 500)
          --e2e-runs N       measured RunOnceAsync runs with exact after a warm-up: one before the scorers, the rest after (default 3)
          --set-runs N       measured RunOnceAsync runs with the support-chat set (default 1)
          --scorers LIST     scorers to measure one by one (default all eleven)
          --seed N           simulator seed (default 7)
        """;

    public int Minutes { get; init; } = 30;
    public int RequestsPerMinute { get; init; } = 20;
    public TimeSpan Measure { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(0.5);
    public int EndToEndRuns { get; init; } = 3;
    public int SetRuns { get; init; } = 1;
    public IReadOnlyList<string> Scorers { get; init; } = ScorerFactory.Names;
    public int Seed { get; init; } = 7;

    /// <summary>The command line that reproduces this run.</summary>
    public string CommandLine => string.Create(CultureInfo.InvariantCulture,
        $"--minutes {Minutes} --rpm {RequestsPerMinute} --seconds {Measure.TotalSeconds:F0} --warmup-ms {Warmup.TotalMilliseconds:F0} --e2e-runs {EndToEndRuns} --set-runs {SetRuns} --scorers {string.Join(',', Scorers)} --seed {Seed}");

    public static EvalsOptions Parse(BenchArgs a)
    {
        var scorers = (a.Text("scorers") ?? string.Join(',', ScorerFactory.Names)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = scorers.Where(s => !ScorerFactory.Names.Contains(s, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"--scorers: unknown '{string.Join(",", unknown)}'; known: {string.Join(", ", ScorerFactory.Names)}");
        }

        var options = new EvalsOptions
        {
            Minutes = a.Number("minutes", 30, 1, 24 * 60),
            RequestsPerMinute = a.Number("rpm", 20, 1, 10_000),
            Measure = TimeSpan.FromSeconds(a.Number("seconds", 2, 1, 600)),
            Warmup = TimeSpan.FromMilliseconds(a.Number("warmup-ms", 500, 0, 600_000)),
            EndToEndRuns = a.Number("e2e-runs", 3, 1, 100),
            SetRuns = a.Number("set-runs", 1, 0, 100),
            Scorers = [.. scorers.Distinct(StringComparer.Ordinal)],
            Seed = a.Number("seed", 7, 0, int.MaxValue),
        };
        a.ThrowOnUnknown();
        return options;
    }
}
