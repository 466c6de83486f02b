using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Evals;
using Vigil.Core.Ports;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Evaluation;

namespace Vigil.Server.Tests.Evaluation;

/// <summary><c>GET /api/v1/evals/gap</c>: online against offline scores per release, and the production inputs a dataset misses.</summary>
public sealed class GapApiTests
{
    private const string Feature = "support-chat";
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] Refunds =
    [
        "How many days until I get my refund?",
        "When will my money be returned after I send the item back?",
        "How long does a refund take to arrive?",
    ];

    private static readonly string[] Gdpr =
    [
        "How do I delete my account and all my personal data under GDPR?",
        "Please erase all the data you hold about me (GDPR request)",
        "I want my personal information removed from your systems",
    ];

    [Fact]
    public async Task Gap_ComparesOnlineWithOfflineScores_AndReportsTheTopicTheDatasetMisses()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await StartAsync(clock);
        var good = Refunds.Select(q => new RagTrace(RagTraffic.NewTraceId(), "Refunds are issued within 14 days of the return [kb-0001].", Release: "r1", Question: q)).ToList();
        var bad = Gdpr.Select(q => new RagTrace(RagTraffic.NewTraceId(), "We delete everything at once [kb-0950].", Release: "r1", Question: q)).ToList();
        await RagTraffic.PostAsync(server.Http, Feature, Start.AddSeconds(1), [.. good, .. bad]);
        await OnlineRunAsync(server, clock);
        await EvalApi.ImportAsync<JsonElement>(server.Http, "golden", EvalApi.Jsonl(
            """{"id":"refund","input":"How long does a refund take?","expected":"14 days"}""",
            """{"id":"ship","input":"Do you ship to Canada?"}"""), HttpStatusCode.Created);
        await SaveOfflineRunAsync(server, "r1", mean: 0.95);
        clock.Advance(TimeSpan.FromMinutes(5));

        var gap = await server.GetJsonAsync<JsonElement>(server.Http, $"/api/v1/evals/gap?feature={Feature}&dataset=golden&from=now-1h");

        Assert.Equal("golden@1", gap.GetProperty("dataset").GetString());
        var release = Assert.Single(gap.GetProperty("releases").EnumerateArray().ToList());
        Assert.Equal(("r1", "run-offline-r1"), (release.GetProperty("release").GetString(), release.GetProperty("offlineRunId").GetString()));
        var citation = Assert.Single(release.GetProperty("scorers").EnumerateArray().ToList());
        Assert.Equal(("citation_accuracy", 6), (citation.GetProperty("scorer").GetString(), citation.GetProperty("onlineCount").GetInt32()));
        Assert.Equal(0.5, citation.GetProperty("onlineMean").GetDouble(), 6);
        Assert.Equal(0.95, citation.GetProperty("offlineMean").GetDouble(), 6);
        Assert.Equal(-0.45, citation.GetProperty("gap").GetDouble(), 6);

        var coverage = gap.GetProperty("coverage");
        Assert.Equal((6, 2, 3), (coverage.GetProperty("productionInputs").GetInt32(), coverage.GetProperty("datasetInputs").GetInt32(), coverage.GetProperty("missed").GetInt32()));
        var cluster = Assert.Single(coverage.GetProperty("clusters").EnumerateArray().ToList());
        Assert.Equal(bad.Select(t => t.TraceId).Order(StringComparer.Ordinal), cluster.GetProperty("traceIds").EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains(cluster.GetProperty("representative").GetString(), Gdpr);
    }

    [Fact]
    public async Task Gap_MissedTracesAddedToTheDataset_AreCoveredOnTheNextLook()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await StartAsync(clock);
        var traces = Gdpr.Select(q => new RagTrace(RagTraffic.NewTraceId(), "We delete everything [kb-0001].", Release: "r1", Question: q)).ToList();
        await RagTraffic.PostAsync(server.Http, Feature, Start.AddSeconds(1), traces);
        await EvalApi.ImportAsync<JsonElement>(server.Http, "golden", EvalApi.Jsonl("""{"input":"How long does a refund take?"}"""), HttpStatusCode.Created);
        clock.Advance(TimeSpan.FromMinutes(5));
        var before = await server.GetJsonAsync<JsonElement>(server.Http, $"/api/v1/evals/gap?feature={Feature}&dataset=golden&from=now-1h");
        var missed = before.GetProperty("coverage").GetProperty("clusters").EnumerateArray().SelectMany(c => c.GetProperty("traceIds").EnumerateArray()).Select(t => t.GetString()).ToList();

        using var add = await server.Http.PostAsJsonAsync("/api/v1/datasets/golden/traces", new { traceIds = missed });
        var after = await server.GetJsonAsync<JsonElement>(server.Http, $"/api/v1/evals/gap?feature={Feature}&dataset=golden&from=now-1h");

        Assert.Equal(3, missed.Count);
        Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        Assert.Equal("golden@2", after.GetProperty("dataset").GetString());
        Assert.Equal(0, after.GetProperty("coverage").GetProperty("missed").GetInt32());
        Assert.All(after.GetProperty("releases").EnumerateArray(), r => Assert.False(r.TryGetProperty("offlineRunId", out _), "no offline run was stored"));
    }

    [Theory]
    [InlineData("dataset=golden", "feature")]
    [InlineData("feature=support-chat", "dataset")]
    [InlineData("feature=support-chat&dataset=golden&missDistance=2.5", "missDistance")]
    [InlineData("feature=support-chat&dataset=golden&sample=0", "sample")]
    [InlineData("feature=bad%20name&dataset=golden", "feature")]
    [InlineData("feature=support-chat&dataset=golden@0", "dataset")]
    public async Task Gap_BadParameters_Are400NamingTheParameter(string query, string field)
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Http.GetAsync("/api/v1/evals/gap?" + query);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Gap_UnknownDataset_Is404()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Http.GetAsync("/api/v1/evals/gap?feature=support-chat&dataset=nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Task<RunningServer> StartAsync(FakeTimeProvider clock) =>
        RunningServer.StartAsync(s => s with
        {
            Evaluation = new EvaluationSettings
            {
                Online = [new OnlineFeatureSettings { Feature = Feature, SampleRate = 1, Scorers = [new OnlineScorerSettings("citation_accuracy", new Dictionary<string, object?>(StringComparer.Ordinal))] }],
            },
        }, time: clock);

    private static async Task OnlineRunAsync(RunningServer server, FakeTimeProvider clock)
    {
        Assert.True(await server.Host.Services.GetRequiredService<TelemetryWriteQueue>().WaitForAcknowledgedAsync(RunningServer.Timeout, CancellationToken.None));
        using var cts = new CancellationTokenSource(RunningServer.Timeout);
        var run = await server.Host.Services.GetRequiredService<OnlineEvaluator>().RunOnceAsync(clock.GetUtcNow(), cts.Token);
        Assert.Equal(6, run.Scores);
    }

    /// <summary>A stored offline run of the release on golden@1 (how runs are made is EvalRunApiTests' subject).</summary>
    private static Task SaveOfflineRunAsync(RunningServer server, string release, double mean)
    {
        var run = new EvalRun
        {
            Id = "run-offline-" + release, Project = "default", Feature = Feature, ReleaseId = release, Target = "fake", Dataset = "golden", DatasetVersion = 1,
            Scorers = ["citation_accuracy"], StartedAt = Start, FinishedAt = Start, ItemCount = 0, ErrorCount = 0, CreatedBy = "test",
            Summary = [new ScorerSummary("citation_accuracy", 20, mean, mean - 0.05, Math.Min(1, mean + 0.05), mean, mean - 0.1, 1)],
        };
        return server.Host.Services.GetRequiredService<IEvalStore>().SaveRunAsync(run, [], CancellationToken.None);
    }
}
