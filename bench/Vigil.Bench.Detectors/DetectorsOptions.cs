using System.Globalization;
using Vigil.Bench.Harness;

namespace Vigil.Bench.Detectors;

/// <summary>The detector benchmark's options.</summary>
internal sealed record DetectorsOptions
{
    public const string Usage = """
        Vigil detector benchmark: DetectorEngine.EvaluateAsync with acme's detectors (scenarios/slos/acme.yaml) at the
        end of a day of simulated traffic loaded in process without running them; the first evaluation (cold: MiniLM
        load, empty embedding cache, cost history read) alone, then N warm ones 15 simulated minutes apart (traffic
        continues between them), per check and in total, against ITelemetryStore.GetStatsAsync over the same day with
        a 1-minute step grouped by feature (what a dashboard asks), run just before each warm evaluation.

          --hours N      simulated hours loaded before the first evaluation (default 24)
          --runs N       warm evaluations, and baseline queries (default 5)
          --scenario F   the traffic (default scenarios/clean-week.yaml: 60 requests/min, its seed)
          --no-drift-text  drift without text (detectors.drift.text: false): what the MiniLM embeddings cost, by difference
        """;

    /// <summary>Simulated time between warm evaluations: drift's interval, so every 5-minute check and drift are due.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMinutes(15);

    public int Hours { get; init; } = 24;
    public int Runs { get; init; } = 5;
    public string Scenario { get; init; } = Path.Combine(RepoPaths.Root, "scenarios", "clean-week.yaml");
    public bool DriftText { get; init; } = true;

    /// <summary>The command line that reproduces this run.</summary>
    public string CommandLine => string.Create(CultureInfo.InvariantCulture,
        $"dotnet run -c Release --project bench/Vigil.Bench.Detectors -- --hours {Hours} --runs {Runs} --scenario {Path.GetRelativePath(RepoPaths.Root, Scenario)}{(DriftText ? string.Empty : " --no-drift-text")}");

    public static DetectorsOptions Parse(BenchArgs a)
    {
        var scenario = a.Text("scenario");
        var options = new DetectorsOptions
        {
            Hours = a.Number("hours", 24, 1, 24 * 31),
            Runs = a.Number("runs", 5, 1, 100),
            Scenario = scenario is null ? Path.Combine(RepoPaths.Root, "scenarios", "clean-week.yaml") : Path.GetFullPath(scenario),
            DriftText = !a.Flag("no-drift-text"),
        };
        a.ThrowOnUnknown();
        return options;
    }
}
