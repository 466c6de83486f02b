using Vigil.Bench.Harness;

namespace Vigil.Bench.Slo;

/// <summary>The SLO benchmark's options.</summary>
internal sealed record SloOptions
{
    public const string Usage = """
        Vigil SLO benchmark: the CPU cost of one evaluation tick of 100 SLOs over 30 days of per-minute history,
        in Core (against a naive minute-by-minute evaluation) and through SloEngine over a real DuckDB store
        (against the store's append of the same traffic), plus the engine's start-up read of a filled store
        (against a plain scan of the spans table).

          --slos N               SLOs (default 100), spread over 10 features
          --ticks N              evaluation ticks of the core and the engine part (default 240 = 2 simulated hours)
          --warmup N             ticks run first and not counted (default 20)
          --interval N           seconds between ticks (default 30, the server's default sloEvaluation.interval)
          --spans-per-second N   live traffic (default 100; ~4 spans per trace)
          --evals-per-tick N     evaluation results per tick (default 100)
          --history-days N       per-minute history preloaded into every SLO (default 33)
          --bootstrap-spans N    spans in the store for the start-up read (default 1000000; 0 skips it)
          --parts LIST           any of core,engine,bootstrap (default all three)
          --seed N               random seed (default 11)
        """;

    public int Slos { get; init; } = 100;
    public int Ticks { get; init; } = 240;
    public int Warmup { get; init; } = 20;
    public int IntervalSeconds { get; init; } = 30;
    public int SpansPerSecond { get; init; } = 100;
    public int EvaluationsPerTick { get; init; } = 100;
    public int HistoryDays { get; init; } = 33;
    public int BootstrapSpans { get; init; } = 1_000_000;
    public IReadOnlySet<string> Parts { get; init; } = AllParts;
    public int Seed { get; init; } = 11;

    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);

    public int SpansPerTick => SpansPerSecond * IntervalSeconds;

    private static readonly HashSet<string> AllParts = new(["core", "engine", "bootstrap"], StringComparer.Ordinal);

    public static SloOptions Parse(BenchArgs a)
    {
        var parts = (a.Text("parts") ?? "core,engine,bootstrap").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = parts.Where(p => !AllParts.Contains(p)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"--parts: '{string.Join(",", unknown)}' is not core, engine or bootstrap");
        }

        var options = new SloOptions
        {
            Slos = a.Number("slos", 100, 10, 10_000),
            Ticks = a.Number("ticks", 240, 1, 100_000),
            Warmup = a.Number("warmup", 20, 0, 10_000),
            IntervalSeconds = a.Number("interval", 30, 1, 3_600),
            SpansPerSecond = a.Number("spans-per-second", 100, 1, 100_000),
            EvaluationsPerTick = a.Number("evals-per-tick", 100, 0, 1_000_000),
            HistoryDays = a.Number("history-days", 33, 1, 400),
            BootstrapSpans = a.Number("bootstrap-spans", 1_000_000, 0, 100_000_000),
            Parts = new HashSet<string>(parts, StringComparer.Ordinal),
            Seed = a.Number("seed", 11, 0, int.MaxValue),
        };
        a.ThrowOnUnknown();
        return options;
    }
}
