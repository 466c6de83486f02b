using Vigil.Bench.Harness;

namespace Vigil.Bench.Ingest;

/// <summary>The ingest benchmark's options; defaults finish in about three minutes.</summary>
internal sealed record IngestOptions
{
    public const string Usage = """
        Vigil ingest benchmark: concurrent OTLP/HTTP protobuf clients against `vigil serve`, the raw DuckDB
        appender rate for the same rows (the ceiling), an overload phase, and a per-span cost breakdown.

          --clients N            concurrent clients in the sustained phase (default 8)
          --batch N|A-B          spans per request, fixed or uniformly drawn per template (default 100-1000)
          --seconds N            measured seconds of the sustained phase (default 60)
          --warmup N             warm-up seconds before measuring (default 5)
          --templates N          distinct pre-built requests (default 64)
          --overload-clients N   clients in the overload phase, sending without pause (default 64)
          --overload-seconds N   measured seconds of the overload phase (default 30; 0 skips it)
          --overload-capacity N  queue.capacity of the overloaded server (default 20000)
          --breakdown-spans N    spans appended in process for the breakdown (default 200000; 0 skips it)
          --breakdown-commit N   commit size of the breakdown (default: the mean commit size the server reached)
          --server-env K=V,...   environment variables for the server process (experiments, e.g. DOTNET_gcServer=1)
          --seed N               random seed of the synthetic spans (default 42)
          --vigil PATH           vigil.dll to run (default src/Vigil.Cli/bin/<Config>/net10.0/vigil.dll)
          --keep                 keep the temporary data directories
        """;

    public int Clients { get; init; } = 8;
    public (int Min, int Max) Batch { get; init; } = (100, 1000);
    public int Seconds { get; init; } = 60;
    public int Warmup { get; init; } = 5;
    public int Templates { get; init; } = 64;
    public int OverloadClients { get; init; } = 64;
    public int OverloadSeconds { get; init; } = 30;
    public int OverloadCapacity { get; init; } = 20_000;
    public int BreakdownSpans { get; init; } = 200_000;
    public int BreakdownCommit { get; init; }
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new Dictionary<string, string>();
    public int Seed { get; init; } = 42;
    public string VigilDll { get; init; } = RepoPaths.VigilDll;
    public bool Keep { get; init; }

    public static IngestOptions Parse(BenchArgs a)
    {
        var options = new IngestOptions
        {
            Clients = a.Number("clients", 8, 1, 1024),
            Batch = a.Range("batch", (100, 1000), 1, 100_000),
            Seconds = a.Number("seconds", 60, 1, 3600),
            Warmup = a.Number("warmup", 5, 0, 600),
            Templates = a.Number("templates", 64, 1, 10_000),
            OverloadClients = a.Number("overload-clients", 64, 1, 4096),
            OverloadSeconds = a.Number("overload-seconds", 30, 0, 3600),
            OverloadCapacity = a.Number("overload-capacity", 20_000, 1, 100_000_000),
            BreakdownSpans = a.Number("breakdown-spans", 200_000, 0, 100_000_000),
            BreakdownCommit = a.Number("breakdown-commit", 0, 0, 10_000_000),
            ServerEnvironment = ParseEnvironment(a.Text("server-env")),
            Seed = a.Number("seed", 42, 0, int.MaxValue),
            VigilDll = a.Text("vigil") is { } path ? Path.GetFullPath(path) : RepoPaths.VigilDll,
            Keep = a.Flag("keep"),
        };
        a.ThrowOnUnknown();
        return options;
    }

    private static Dictionary<string, string> ParseEnvironment(string? text)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--server-env: '{pair}' is not KEY=VALUE");
            }

            environment[pair[..equals]] = pair[(equals + 1)..];
        }

        return environment;
    }
}
