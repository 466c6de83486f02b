using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Ports;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Configuration;
using Vigil.Server.Evaluation;

namespace Vigil.Server.Tests.Evaluation;

public sealed class OnlineEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private const string Feature = "support-chat";

    private static readonly string[] CitationAndGroundedness = ["citation_accuracy", "groundedness"];

    [Fact]
    public async Task Online_RagTraces_AreScoredWithEveryScorer_AndReadBackWithTheirTrace()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await StartAsync(clock, sampleRate: 1, minPerStratum: 0);
        var good = new RagTrace(RagTraffic.NewTraceId(), "Refunds are issued within 14 days of the return [kb-0001].");
        var bad = new RagTrace(RagTraffic.NewTraceId(), "Refunds are issued within 90 days, guaranteed [kb-0950].");
        await RagTraffic.PostAsync(server.Http, Feature, Start.AddSeconds(1), [good, bad]);

        var run = await RunAsync(server, clock);

        Assert.Equal((2, 4, 0), (run.Traces, run.Scores, run.Failures));
        var detail = await server.GetJsonAsync<JsonElement>(server.Http, $"/api/v1/traces/{good.TraceId}");
        var evaluations = detail.GetProperty("evaluations").EnumerateArray().ToList();
        Assert.Equal(CitationAndGroundedness, evaluations.Select(e => e.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(evaluations, e => Assert.Equal("online:" + e.GetProperty("name").GetString(), e.GetProperty("source").GetString()));
        Assert.All(evaluations, e => Assert.Equal(good.GenerationSpanId, e.GetProperty("spanId").GetString()));
        Assert.All(evaluations, e => Assert.Equal("pass", e.GetProperty("scoreLabel").GetString()));

        var badTrace = await Store(server).GetTraceAsync("default", bad.TraceId, CancellationToken.None);
        var citation = Assert.Single(badTrace!.Evaluations, e => e.Name == "citation_accuracy");
        Assert.Equal((0d, "fail", Feature), (citation.ScoreValue, citation.ScoreLabel, citation.Feature));
        Assert.Contains("kb-0950", citation.Explanation, StringComparison.Ordinal);
        var grounded = Assert.Single(badTrace.Evaluations, e => e.Name == "groundedness");
        Assert.Contains("90", grounded.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Online_SampleRate_ScoresTheTracesWhoseHashFallsBelowIt()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await StartAsync(clock, sampleRate: 0.25, minPerStratum: 0);
        var traces = Enumerable.Range(0, 200).Select(_ => new RagTrace(RagTraffic.NewTraceId(), "Refunds take 14 days [kb-0001].")).ToList();
        await RagTraffic.PostAsync(server.Http, Feature, Start.AddSeconds(1), traces);

        var run = await RunAsync(server, clock);

        var expected = traces.Count(t => OnlineSampler.Unit(t.TraceId) < 0.25);
        Assert.InRange(expected, 35, 65);
        Assert.Equal(expected, run.Traces);
        Assert.Equal(expected * 2, run.Scores);
        Assert.Equal(0, (await RunAsync(server, clock)).Traces);
    }

    [Fact]
    public async Task Online_MinPerStratum_GivesARareSegmentItsScores()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await StartAsync(clock, sampleRate: 0, minPerStratum: 3);
        var common = Enumerable.Range(0, 30).Select(_ => new RagTrace(RagTraffic.NewTraceId(), "Refunds take 14 days [kb-0001].", "consumer", "r1")).ToList();
        var rare = Enumerable.Range(0, 2).Select(_ => new RagTrace(RagTraffic.NewTraceId(), "Refunds take 14 days [kb-0001].", "enterprise", "r1")).ToList();
        var otherRelease = Enumerable.Range(0, 5).Select(_ => new RagTrace(RagTraffic.NewTraceId(), "Refunds take 14 days [kb-0001].", "consumer", "r2")).ToList();
        await RagTraffic.PostAsync(server.Http, Feature, Start.AddSeconds(1), [.. common, .. rare, .. otherRelease]);

        var run = await RunAsync(server, clock);

        Assert.Equal(3 + 2 + 3, run.Traces);
        var store = Store(server);
        var scored = 0;
        foreach (var trace in rare)
        {
            var detail = await store.GetTraceAsync("default", trace.TraceId, CancellationToken.None);
            scored += detail!.Evaluations.Count > 0 ? 1 : 0;
        }

        Assert.Equal(2, scored);
    }

    [Fact]
    public async Task Online_BackgroundService_ScoresAfterTheIntervalAndCountsOnMetrics()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await StartAsync(clock, sampleRate: 1, minPerStratum: 0);
        await RagTraffic.PostAsync(server.Http, Feature, Start.AddSeconds(1), [new RagTrace(RagTraffic.NewTraceId(), "Refunds take 14 days [kb-0001].")]);
        await CommittedAsync(server);

        var service = server.Host.Services.GetRequiredService<OnlineEvaluationService>();
        var next = service.NextRunAsync();
        clock.Advance(TimeSpan.FromSeconds(30));
        var run = await next.WaitAsync(RunningServer.Timeout);

        Assert.Equal(2, run.Scores);
        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Contains("vigil_eval_online_scored_total{feature=\"support-chat\",scorer=\"citation_accuracy\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_eval_online_mean_score", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_EvaluationSection_IsReadWithScorerOptions()
    {
        var settings = VigilConfigLoader.Parse(
            """
            evaluation:
              interval: 1m
              online:
                - feature: support-chat
                  sampleRate: 0.1
                  minPerStratum: 5
                  scorers:
                    - { name: citation_accuracy }
                    - { name: groundedness, options: { threshold: 0.5 } }
            """, "vigil.yaml");

        Assert.Equal(TimeSpan.FromMinutes(1), settings.Evaluation.Interval);
        var feature = Assert.Single(settings.Evaluation.Online);
        Assert.Equal((Feature, 0.1, 5), (feature.Feature, feature.SampleRate, feature.MinPerStratum));
        Assert.Equal("0.5", feature.Scorers[1].Options["threshold"]);
    }

    [Fact]
    public void Config_BadEvaluationSection_NamesEveryKey()
    {
        var ex = Assert.Throws<ConfigurationException>(() => VigilConfigLoader.Parse(
            """
            evaluation:
              intervall: 30s
              online:
                - feature: support-chat
                  sampleRate: 1.5
                  scorers:
                    - { name: citation_accuracy }
                    - { name: groundedness, options: { threshold: lots } }
                    - { name: vibes }
                - sampleRate: 0.1
                  scorers: []
            """, "vigil.yaml"));

        var errors = string.Join("\n", ex.Errors);
        Assert.Contains("evaluation.intervall: unknown key", errors, StringComparison.Ordinal);
        Assert.Contains("evaluation.online[0].sampleRate: must be between 0 and 1", errors, StringComparison.Ordinal);
        Assert.Contains("evaluation.online[0].scorers[1].options.threshold: ", errors, StringComparison.Ordinal);
        Assert.Contains("evaluation.online[0].scorers[2].name: unknown scorer 'vibes'", errors, StringComparison.Ordinal);
        Assert.Contains("evaluation.online[1].feature: required", errors, StringComparison.Ordinal);
    }

    private static Task<RunningServer> StartAsync(FakeTimeProvider clock, double sampleRate, int minPerStratum) =>
        RunningServer.StartAsync(s => s with
        {
            Evaluation = new EvaluationSettings
            {
                Online =
                [
                    new OnlineFeatureSettings
                    {
                        Feature = Feature,
                        SampleRate = sampleRate,
                        MinPerStratum = minPerStratum,
                        Scorers = [.. CitationAndGroundedness.Select(n => new OnlineScorerSettings(n, new Dictionary<string, object?>(StringComparer.Ordinal)))],
                    },
                ],
            },
        }, time: clock);

    private static ITelemetryStore Store(RunningServer server) => server.Host.Services.GetRequiredService<ITelemetryStore>();

    private static async Task CommittedAsync(RunningServer server) =>
        Assert.True(await server.Host.Services.GetRequiredService<TelemetryWriteQueue>().WaitForAcknowledgedAsync(RunningServer.Timeout, CancellationToken.None));

    private static async Task<OnlineRun> RunAsync(RunningServer server, FakeTimeProvider clock)
    {
        await CommittedAsync(server);
        using var cts = new CancellationTokenSource(RunningServer.Timeout);
        return await server.Host.Services.GetRequiredService<OnlineEvaluator>().RunOnceAsync(clock.GetUtcNow(), cts.Token);
    }
}
