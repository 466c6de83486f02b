using Vigil.Cli.Simulation;
using Vigil.Server.Configuration;
using Vigil.Simulator.Run;
using Vigil.Simulator.Scenarios;

namespace Vigil.Cli.Tests.GameDays;

/// <summary>
/// The detector scenarios of the library, each run in process against a Vigil with acme's SLOs, online evaluation
/// and detectors, must open an incident of their class (from a detector's alert) for their feature or provider
/// within the hour the scenario allows, and no page before the fault. To fit CI the day of history before each
/// fault is cut to <see cref="History"/> (the detectors compare with what history there is), with the fault at the
/// same hour of the day as in the scenario file. A clean day must raise no page. Online evaluation runs only where the scenario needs scores
/// (benchmarked on its own in docs/benchmarks.md).
/// </summary>
public sealed class DetectorScenarioTests
{
    private static readonly TimeSpan History = TimeSpan.FromHours(4);

    [Theory]
    [InlineData("input-shift", false)]
    [InlineData("vendor-reprice", false)]
    [InlineData("agent-loop", false)]
    [InlineData("vendor-latency", false)]
    [InlineData("index-bloat", false)]
    [InlineData("segment-bias", true)]
    [InlineData("audit-gap", false)]
    public async Task The_scenario_raises_its_alert_within_the_hour_and_no_page_before(string name, bool scores)
    {
        var scenario = Compress(ScenarioLoader.Load(Path.Combine(Repository.Root, "scenarios", name + ".yaml")));

        var (_, scorecard) = await RunAsync(scenario, scores ? SupportChatScoresOnly : WithoutOnlineEvaluation);

        var incident = Assert.Single(scorecard.Expectations, e => e.Incident is not null);
        Assert.True(incident.Detected, $"no {incident.Incident} incident within the hour; Vigil opened: " +
            string.Join("; ", scorecard.Incidents.Select(i => $"{i.Class} {i.Feature ?? i.Provider} {i.Severity} at {i.OpenedAt:HH:mm}")));
        Assert.InRange(incident.DetectedAfterS!.Value, 0, 3600);
        var quiet = Assert.Single(scorecard.Expectations, e => e.Quiet is not null);
        Assert.True(quiet.Passed, $"{quiet.PagesInInterval} pages before the fault");
    }

    /// <summary>The first day of <c>clean-week.yaml</c> (the whole week runs with <c>vigil simulate</c>; docs/benchmarks.md has its figures).</summary>
    [Fact]
    public async Task A_clean_day_raises_no_page()
    {
        var week = ScenarioLoader.Load(Path.Combine(Repository.Root, "scenarios", "clean-week.yaml"));
        var day = week with { Duration = TimeSpan.FromDays(1), Expectations = [new QuietExpectation(TimeSpan.Zero, TimeSpan.FromDays(1))] };

        var (run, scorecard) = await RunAsync(day, WithoutOnlineEvaluation);

        Assert.True(run.Spans > 100_000, $"only {run.Spans} spans");
        Assert.True(scorecard.Passed, "pages on a clean day: " +
            string.Join("; ", scorecard.Incidents.Where(i => i.Severity == "page").Select(i => $"{i.Class} {i.Feature ?? i.Provider} at {i.OpenedAt:HH:mm}")));
    }

    private static async Task<(RunSummary Run, Scorecard Scorecard)> RunAsync(Scenario scenario, Func<VigilSettings, VigilSettings> configure)
    {
        var data = Path.Combine(Path.GetTempPath(), "vigil-gameday-" + Guid.NewGuid().ToString("N"));
        try
        {
            // A safety net against a hung run, not a speed bound: a loaded machine may take many times the usual minute or two.
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(45));
            return await InProcessGameDay.RunAsync(scenario, data, new SimulationOptions(), progress: null, cts.Token, configure);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static VigilSettings WithoutOnlineEvaluation(VigilSettings settings) => settings with { Evaluation = new() };

    /// <summary>acme's online scoring of the support chat, the feature the segment scenario biases, without the MiniLM similarity (the costly scorer the detector does not read).</summary>
    private static VigilSettings SupportChatScoresOnly(VigilSettings settings) => settings with
    {
        Evaluation = settings.Evaluation with
        {
            Online = [.. settings.Evaluation.Online.Where(f => f.Feature == "support-chat").Select(f => f with { Scorers = [.. f.Scorers.Where(s => s.Name != "similarity")] })],
        },
    };

    /// <summary>The scenario with <see cref="History"/> before its fault instead of its own, the fault at the same time of day, and 75 minutes after it.</summary>
    internal static Scenario Compress(Scenario scenario)
    {
        var fault = Assert.Single(scenario.Faults);
        var cut = fault.At - History;
        return scenario with
        {
            Start = scenario.Start!.Value + cut,
            Duration = History + TimeSpan.FromMinutes(75),
            Faults = [fault with { At = History, Until = fault.Until - cut }],
            Expectations = [.. scenario.Expectations.Select(e => e switch
            {
                IncidentExpectation i => i with { After = i.After - cut },
                QuietExpectation q => q with { From = TimeSpan.Zero, To = q.To - cut },
                _ => e,
            })],
        };
    }
}
