using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Evaluation;
using Vigil.Server.Tests.Releases;

namespace Vigil.Server.Tests.Evaluation;

/// <summary><c>GET /api/v1/evals/scores</c>: a feature's scores by release over time.</summary>
public sealed class ScoreSeriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private const string Feature = "support-chat";

    [Fact]
    public async Task Scores_OnlineEvaluation_TakesTheRootsRelease_SoAPromptRegressionShowsAsItsOwnSeries()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await StartWithOnlineEvaluationAsync(clock);
        var before = Enumerable.Range(0, 4).Select(_ => new RagTrace(RagTraffic.NewTraceId(), "Refunds are issued within 14 days [kb-0001].", Release: "r1"));
        var after = Enumerable.Range(0, 3).Select(_ => new RagTrace(RagTraffic.NewTraceId(), "Refunds take 90 days [kb-0950].", Release: "r2"));
        await RagTraffic.PostAsync(server.Http, Feature, Start.AddSeconds(1), [.. before, .. after]);
        Assert.True(await server.Host.Services.GetRequiredService<TelemetryWriteQueue>().WaitForAcknowledgedAsync(RunningServer.Timeout, CancellationToken.None));
        Assert.Equal(14, (await server.Host.Services.GetRequiredService<OnlineEvaluator>().RunOnceAsync(clock.GetUtcNow(), CancellationToken.None)).Scores);
        clock.Advance(TimeSpan.FromMinutes(10));

        var scores = await server.GetJsonAsync<JsonElement>(server.Http,
            $"/api/v1/evals/scores?feature={Feature}&name=citation_accuracy&source=online&from=2026-03-02T09:00:00Z&to=2026-03-02T12:00:00Z&step=1h");

        Assert.Equal("online", scores.GetProperty("source").GetString());
        var series = scores.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["r1", "r2"], series.Select(s => s.GetProperty("release").GetString()));
        Assert.All(series, s => Assert.Equal("citation_accuracy", s.GetProperty("name").GetString()));
        var r1 = Assert.Single(series[0].GetProperty("points").EnumerateArray().ToList());
        Assert.Equal("2026-03-02T10:00:00+00:00", r1.GetProperty("time").GetString());
        Assert.Equal((4, 1.0, 1.0), (r1.GetProperty("count").GetInt64(), r1.GetProperty("meanScore").GetDouble(), r1.GetProperty("passShare").GetDouble()));
        var r2 = series[1].GetProperty("total");
        Assert.Equal((3, 0.0, 0.0), (r2.GetProperty("count").GetInt64(), r2.GetProperty("meanScore").GetDouble(), r2.GetProperty("passShare").GetDouble()));

        var everyName = await server.GetJsonAsync<JsonElement>(server.Http, $"/api/v1/evals/scores?feature={Feature}&from=now-1h");
        Assert.Equal(4, everyName.GetProperty("series").GetArrayLength());
        var otherSource = await server.GetJsonAsync<JsonElement>(server.Http, $"/api/v1/evals/scores?feature={Feature}&from=now-1h&source=otlp");
        Assert.Equal(0, otherSource.GetProperty("series").GetArrayLength());
    }

    [Fact]
    public async Task Scores_BadParameters_Are400NamingEachParameter()
    {
        await using var server = await RunningServer.StartAsync(time: new FakeTimeProvider(Start));

        var (status, errors, _) = await ReleaseHttp.GetProblemAsync(server.Http, "/api/v1/evals/scores?source=vibes&step=30s&from=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["feature", "from", "source", "step"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("required", errors["feature"][0], StringComparison.Ordinal);
        Assert.Contains("'vibes' is not one of any, online, feedback, otlp", errors["source"][0], StringComparison.Ordinal);
        Assert.Contains("whole minutes", errors["step"][0], StringComparison.Ordinal);

        var tooMany = await ReleaseHttp.GetProblemAsync(server.Http, $"/api/v1/evals/scores?feature={Feature}&from=now-400d&step=1m");
        Assert.Contains("buckets", Assert.Single(tooMany.Errors["step"]), StringComparison.Ordinal);
    }

    private static Task<RunningServer> StartWithOnlineEvaluationAsync(FakeTimeProvider clock) =>
        RunningServer.StartAsync(s => s with
        {
            Evaluation = new EvaluationSettings
            {
                Online =
                [
                    new OnlineFeatureSettings
                    {
                        Feature = Feature,
                        SampleRate = 1,
                        Scorers = [.. new[] { "citation_accuracy", "groundedness" }.Select(n => new OnlineScorerSettings(n, new Dictionary<string, object?>(StringComparer.Ordinal)))],
                    },
                ],
            },
        }, time: clock);
}
