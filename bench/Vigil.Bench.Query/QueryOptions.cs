using Vigil.Bench.Harness;

namespace Vigil.Bench.Query;

/// <summary>The query benchmark's options.</summary>
internal sealed record QueryOptions
{
    public const string Usage = """
        Vigil query benchmark: GET /api/v1/stats?groupBy=feature&step=1h over 30 days on `vigil serve`, against the
        same answer computed naively from raw spans in DuckDB, with a correctness check of the counts.

          --spans N              spans in the data set (default 10000000)
          --days N               days the spans cover, ending now (default 30)
          --batch N              spans per AppendAsync while generating (default 50000)
          --cardinality MODE     realistic (default) or cross (every dimension independent: the worst case)
          --runs N               timed API requests (default 10), after --warmup N (default 2)
          --baseline-runs N      timed runs of the naive SQL (default 3, after 1 warm-up)
          --regenerate           generate the data set again even when cached under bench/results/query-data
          --seed N               random seed (default 7)
          --vigil PATH           vigil.dll to run (default src/Vigil.Cli/bin/<Config>/net10.0/vigil.dll)
        """;

    public long Spans { get; init; } = 10_000_000;
    public int Days { get; init; } = 30;
    public int BatchSize { get; init; } = 50_000;
    public Cardinality Cardinality { get; init; } = Cardinality.Realistic;
    public int Runs { get; init; } = 10;
    public int Warmup { get; init; } = 2;
    public int BaselineRuns { get; init; } = 3;
    public bool Regenerate { get; init; }
    public int Seed { get; init; } = 7;
    public string VigilDll { get; init; } = RepoPaths.VigilDll;

    public static QueryOptions Parse(BenchArgs a)
    {
        var cardinality = a.Text("cardinality") ?? "realistic";
        var options = new QueryOptions
        {
            Spans = a.Number("spans", 10_000_000, 1, int.MaxValue),
            Days = a.Number("days", 30, 1, 365),
            BatchSize = a.Number("batch", 50_000, 1, 1_000_000),
            Cardinality = cardinality switch
            {
                "realistic" => Cardinality.Realistic,
                "cross" => Cardinality.Cross,
                _ => throw new ArgumentException($"--cardinality: '{cardinality}' is not realistic or cross"),
            },
            Runs = a.Number("runs", 10, 1, 10_000),
            Warmup = a.Number("warmup", 2, 0, 100),
            BaselineRuns = a.Number("baseline-runs", 3, 1, 100),
            Regenerate = a.Flag("regenerate"),
            Seed = a.Number("seed", 7, 0, int.MaxValue),
            VigilDll = a.Text("vigil") is { } path ? Path.GetFullPath(path) : RepoPaths.VigilDll,
        };
        a.ThrowOnUnknown();
        return options;
    }
}
