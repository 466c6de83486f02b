using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Core.Ports;
using Vigil.Core.Queries;
using Vigil.Core.Slos;
using Vigil.Server.Evaluation;
using Vigil.Simulator.Scenarios;
using Xunit.Abstractions;

namespace Vigil.Simulator.Tests.Evaluation;

/// <summary>
/// Online evaluation of the simulated support-chat: the hourly mean citation score drops when a
/// prompt_regression deploy makes the model answer "I'm not sure" (no citation) more often.
/// </summary>
[Collection(Faults.FaultSignalTests.Collection)]
public sealed class OnlinePromptRegressionTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task PromptRegression_LowersTheHourlyMeanOnlineScore()
    {
        await using var vigil = await SimulatedVigil.StartAsync(Monday);
        var start = Monday + TimeSpan.FromHours(8);
        var scenario = new Scenario
        {
            Name = "online-prompt-regression",
            Start = start,
            Duration = TimeSpan.FromHours(2),
            RequestsPerMinute = 8,
            Seed = 311,
            Faults = [new FaultSpec("prompt_regression", TimeSpan.FromHours(1), null, new Dictionary<string, string>(StringComparer.Ordinal) { ["feature"] = "support-chat", ["quality_drop"] = "0.3" })],
        };
        var summary = await vigil.RunAsync(scenario);

        var settings = new EvaluationSettings
        {
            Online = [new OnlineFeatureSettings
            {
                Feature = "support-chat",
                SampleRate = 1,
                Scorers = [new("citation_accuracy", new Dictionary<string, object?>(StringComparer.Ordinal)), new("groundedness", new Dictionary<string, object?>(StringComparer.Ordinal))],
            }],
        };
        var events = (ISliEventSource)vigil.Store;
        using var metrics = new OnlineEvaluationMetrics();
        using var evaluator = new OnlineEvaluator(settings, events, vigil.Store, vigil.Clock, metrics, NullLogger<OnlineEvaluator>.Instance, DateTimeOffset.UnixEpoch);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var run = await evaluator.RunOnceAsync(vigil.Clock.GetUtcNow(), CancellationToken.None);
        watch.Stop();

        var scores = await OnlineScoresAsync(events);
        var hourly = scores.GroupBy(s => (s.Name, Hour: (int)(DateTimeOffset.UnixEpoch.AddTicks(s.TimeUnixNano / 100) - start).TotalHours))
            .ToDictionary(g => g.Key, g => (Mean: g.Average(s => s.ScoreValue!.Value), Count: g.Count()));
        foreach (var (key, value) in hourly.OrderBy(p => p.Key))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key.Name} hour {key.Hour}: mean {value.Mean:F3} (n={value.Count})"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Requests} requests; {run.Traces} traces, {run.Scores} scores in {watch.Elapsed.TotalSeconds:F2} s ({run.Traces / watch.Elapsed.TotalSeconds:F0} traces/s)"));
        Assert.Equal(0, run.Failures);
        var (before, after) = (hourly[("citation_accuracy", 0)], hourly[("citation_accuracy", 1)]);
        Assert.True(before.Count >= 100 && after.Count >= 100, $"too few scores: {before.Count}, {after.Count}");
        Assert.InRange(before.Mean, 0.8, 1);
        Assert.True(before.Mean - after.Mean >= 0.07, string.Create(CultureInfo.InvariantCulture, $"citation mean {before.Mean:F3} → {after.Mean:F3}"));

        // The same drop by release: online results take their root span's release, and the regressed prompt is a release of its own.
        var byRelease = await vigil.Store.GetEvaluationSeriesAsync(
            new EvaluationSeriesQuery
            {
                ProjectId = "default", Feature = "support-chat", Name = "citation_accuracy", Source = EvaluationSourceKind.Online,
                Range = new TimeRange(start, start + TimeSpan.FromHours(3)), Step = TimeSpan.FromHours(1),
            },
            CancellationToken.None);
        var releases = byRelease.Series.OrderBy(s => s.Points[0].Time).ToList();
        foreach (var series in releases)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"citation_accuracy {series.Release}: mean {series.Total.MeanScore:F3}, pass share {series.Total.PassShare:F3} (n={series.Total.Count}) from {series.Points[0].Time:HH:mm}"));
        }

        Assert.Equal(2, releases.Count);
        Assert.DoesNotContain(releases, s => s.Release is null);
        Assert.Equal(before.Count + after.Count, releases.Sum(s => s.Total.Count));
        Assert.True(releases[0].Total.MeanScore - releases[1].Total.MeanScore >= 0.07,
            string.Create(CultureInfo.InvariantCulture, $"citation mean {releases[0].Release} {releases[0].Total.MeanScore:F3} → {releases[1].Release} {releases[1].Total.MeanScore:F3}"));
    }

    private static async Task<List<SliEvaluation>> OnlineScoresAsync(ISliEventSource events)
    {
        var scores = new List<SliEvaluation>();
        long cursor = 0;
        while (true)
        {
            var page = await events.ReadSliEventsAsync(cursor, 0, 50_000, CancellationToken.None);
            if (page.LastBatch == cursor)
            {
                return scores;
            }

            scores.AddRange(page.Evaluations.Where(e => e.Source.StartsWith(OnlineEvaluator.SourcePrefix, StringComparison.Ordinal) && e.ScoreValue is not null));
            cursor = page.LastBatch;
        }
    }
}
