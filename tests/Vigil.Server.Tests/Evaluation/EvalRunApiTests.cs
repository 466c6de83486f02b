using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Evals;
using Vigil.Server.Api;
using Vigil.Server.Evaluation;
using Vigil.Server.Evaluation.Datasets;
using Vigil.Server.Evaluation.Runs;
using Vigil.Testing;
using static Vigil.Server.Tests.Evaluation.EvalApi;
using static Vigil.Server.Tests.Releases.ReleaseHttp;

namespace Vigil.Server.Tests.Evaluation;

/// <summary>
/// Offline runs over the real API, calling a fake OpenAI-compatible provider through the OpenAI SDK. The
/// provider answers deterministically per (model, item) (<see cref="RunOracle"/>), so quality, and noise, are chosen.
/// </summary>
public sealed class EvalRunApiTests : IAsyncLifetime
{
    private const string Template = "You are the support agent of {{product}}.\nAnswer from these documents only:\n{{context_text}}";
    private const string Key = "sk-offline-test-key";
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly object Exact = new[] { new { name = "exact" } };

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly string _keyEnv = "VIGIL_TEST_OFFLINE_KEY_" + Guid.NewGuid().ToString("N");
    private FakeProvider _provider = null!;
    private RunningServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeProvider.StartAsync();
        _provider.Reply = RunOracle.Answer;
        Environment.SetEnvironmentVariable(_keyEnv, Key);
        var offline = new OfflineEvaluationSettings { Endpoint = _provider.BaseUrl, ApiKeyEnv = _keyEnv, Timeout = TimeSpan.FromSeconds(20), Concurrency = 4 };
        _server = await RunningServer.StartAsync(s => s with { Evaluation = new EvaluationSettings { Offline = offline } }, time: _clock);
        _http = _server.Http;
        await ImportAsync<DatasetChangeJson>(_http, "golden", RunOracle.Dataset("q", 5), HttpStatusCode.Created);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _provider.DisposeAsync();
        Environment.SetEnvironmentVariable(_keyEnv, null);
    }

    [Fact]
    public async Task Run_SendsTheReleasesModelParametersAndRenderedPrompt_WithVigilHeaders_AndSummarisesWithIntervals()
    {
        await CreateReleaseAsync(_http, "gpt-mostly", Template, activate: true, new() { ["temperature"] = 0.3, ["max_tokens"] = "256", ["seed"] = 7 });

        using var response = await _http.PostAsJsonAsync("/api/v1/evals/runs", new { feature = Feature, dataset = "golden", scorers = Exact }, ApiJson.Options);
        var made = (await response.Content.ReadFromJsonAsync<EvalRunJson>(ApiJson.Options))!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var run = made.Run;
        Assert.Equal($"/api/v1/evals/runs/{run.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("no_gate", Feature, "r1", "golden@1", 5, 0), (made.Verdict, run.Feature, run.ReleaseId, run.DatasetRef, run.ItemCount, run.ErrorCount));
        Assert.Equal(($"gpt-mostly at {_provider.BaseUrl}", Start, "anonymous (loopback)"), (run.Target, run.StartedAt, run.CreatedBy));
        Assert.Null(made.Baseline);
        var exact = Assert.Single(run.Summary);
        Assert.Equal(("exact", 5, 0.8, 0.8), (exact.Scorer, exact.Count, exact.Mean, exact.PassRate));
        Assert.Equal(0.24471, exact.MeanLow, 4);        // 0.8 ± t(0.975, 4)·s/√5, clamped to [0, 1] (computed apart)
        Assert.Equal(1, exact.MeanHigh, 10);
        Assert.Equal(0.37553, exact.PassRateLow, 4);    // Wilson 95 % for 4 of 5
        Assert.Equal(0.96378, exact.PassRateHigh, 4);
        var failure = Assert.Single(made.Failures);
        Assert.Equal(("q5", "no idea"), (failure.ItemId, failure.Output));
        Assert.False(Assert.Single(failure.Scores).Passed);

        var requests = _provider.Requests.OrderBy(r => r.Message("user"), StringComparer.Ordinal).ToList();
        Assert.Equal(5, requests.Count);
        var q1 = requests[0];
        Assert.Equal(["system", "user"], q1.Roles);
        Assert.Equal("You are the support agent of Acme.\nAnswer from these documents only:\n[kb-q1] Fact about q1.\n[kb-extra] Shared fact.\n", q1.Message("system"));
        Assert.Equal("question q1", q1.Message("user"));
        Assert.All(requests, r =>
        {
            Assert.Equal("gpt-mostly", r.Body.GetProperty("model").GetString());
            Assert.Equal(0.3, r.Body.GetProperty("temperature").GetDouble(), 6);
            Assert.Equal((256, 7), (r.Body.GetProperty("max_tokens").GetInt32(), r.Body.GetProperty("seed").GetInt64()));
            Assert.Equal((Feature, "r1", "Bearer " + Key), (r.Headers["x-vigil-feature"], r.Headers["x-vigil-release"], r.Headers["Authorization"]));
        });
    }

    [Fact]
    public async Task Gate_Thresholds_PassWhenReached_AndFailWhenNot_AndTheStoredRunKeepsTheVerdict()
    {
        await CreateReleaseAsync(_http, "gpt-mostly", Template, activate: true);

        var pass = await RunAsync(new { feature = Feature, dataset = "golden", scorers = Exact, gate = new { minMean = new { exact = 0.8 }, minPassRate = new { exact = 0.5 } } });
        _clock.Advance(TimeSpan.FromMinutes(1));
        var fail = await RunAsync(new { feature = Feature, dataset = "golden@1", scorers = Exact, gate = new { minMean = new { exact = 0.9 } } });

        Assert.Equal("passed", pass.Verdict);
        Assert.Equal(2, pass.Run.Gate!.Checks.Count);
        Assert.Contains(pass.Run.Gate.Checks, c => c.Explanation.StartsWith("exact: mean 0.800 ≥ 0.800 (n=5", StringComparison.Ordinal));
        Assert.Equal("failed", fail.Verdict);
        var check = Assert.Single(fail.Run.Gate!.Checks);
        Assert.Equal((GateCheckKind.Threshold, GateMetric.Mean, 0.9, 0.8, false), (check.Kind, check.Metric, check.Limit, check.Observed, check.Passed));
        Assert.Contains("mean 0.800 < 0.900", check.Explanation, StringComparison.Ordinal);
        var stored = await GetAsync<EvalRun>(_http, $"/api/v1/evals/runs/{fail.Run.Id}");
        Assert.Equal((false, 1), (stored.Gate!.Passed, stored.Gate.Checks.Count));
    }

    [Fact]
    public async Task RegressionGate_CandidateWorseThanTheActiveRelease_RunsAndStoresTheBaselineFirst_Fails_AndTheNextRunReusesIt()
    {
        await CreateReleaseAsync(_http, "gpt-good", Template, activate: true);
        await CreateReleaseAsync(_http, "gpt-bad", Template, activate: false);
        var request = new { feature = Feature, release = "r2", dataset = "golden", scorers = Exact, gate = new { maxDrop = 0.05 } };

        var first = await RunAsync(request);
        var afterFirst = _provider.Requests.ToList();
        _clock.Advance(TimeSpan.FromMinutes(10));
        var second = await RunAsync(request);

        Assert.Equal(("failed", "r2"), (first.Verdict, first.Run.ReleaseId));
        var baseline = first.Baseline!;
        Assert.Equal(("r1", "golden@1", 1.0), (baseline.ReleaseId, baseline.DatasetRef, baseline.Summary.Single().Mean));
        Assert.Null(baseline.Gate);
        Assert.Equal(baseline.Id, (await GetAsync<EvalRun>(_http, $"/api/v1/evals/runs/{baseline.Id}")).Id);
        var check = Assert.Single(first.Run.Gate!.Checks);
        Assert.Equal((GateCheckKind.Regression, baseline.Id, false), (check.Kind, check.BaselineRunId, check.Passed));
        Assert.Equal(-0.6, check.Observed, 10);
        Assert.Contains("exact: mean 0.400 vs 1.000 (paired, n=5)", check.Explanation, StringComparison.Ordinal);
        Assert.Equal(10, afterFirst.Count);
        Assert.Equal(5, afterFirst.Count(r => r.Body.GetProperty("model").GetString() == "gpt-good" && r.Headers["x-vigil-release"] == "r1"));
        Assert.Equal(5, afterFirst.Count(r => r.Body.GetProperty("model").GetString() == "gpt-bad" && r.Headers["x-vigil-release"] == "r2"));

        Assert.Equal(15, _provider.Requests.Count);
        Assert.Equal(("failed", baseline.Id), (second.Verdict, second.Baseline!.Id));
        var runs = (await GetAsync<EvalRunListJson>(_http, $"/api/v1/evals/runs?feature={Feature}")).Runs;
        Assert.Equal(second.Run.Id, runs[0].Id);
        Assert.Equal(new[] { baseline.Id, first.Run.Id, second.Run.Id }.Order(StringComparer.Ordinal), runs.Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RegressionGate_AnotherReleaseOfEqualQuality_Passes()
    {
        await CreateReleaseAsync(_http, "gpt-good", Template, activate: true);
        await CreateReleaseAsync(_http, "gpt-good-too", "Be brief. " + Template, activate: false);

        var made = await RunAsync(new { feature = Feature, release = "r2", dataset = "golden", scorers = Exact, gate = new { maxDrop = 0.05, baseline = "r1", regressionScorers = new[] { "exact" } } });

        Assert.Equal(("passed", "r1"), (made.Verdict, made.Baseline!.ReleaseId));
        var check = Assert.Single(made.Run.Gate!.Checks);
        Assert.Equal((0.0, 0.0), (check.Observed, check.Bound));
    }

    [Fact]
    public async Task RegressionGate_NoisyButEqual_PassesWithEnoughItems_ButNotWithTooFew_AndAWorseModelFails()
    {
        const string Noisy = "noisy-chat";
        await ImportAsync<DatasetChangeJson>(_http, "noisy", RunOracle.Dataset("n", 200, first: 0), HttpStatusCode.Created);
        await ImportAsync<DatasetChangeJson>(_http, "noisy-small", RunOracle.Dataset("n", 20, first: 0), HttpStatusCode.Created);
        await CreateReleaseAsync(_http, "noisy-a", Template, activate: true, feature: Noisy);   // right on 77 % of the 200 items
        await CreateReleaseAsync(_http, "noisy-f", Template, activate: false, feature: Noisy);  // 76 %, on other items
        await CreateReleaseAsync(_http, "noisy-worse", Template, activate: false, feature: Noisy); // 47 %
        object Request(string release, string dataset) => new { feature = Noisy, release, dataset, scorers = Exact, gate = new { maxDrop = 0.1 }, concurrency = 16 };

        var equal = await RunAsync(Request("r2", "noisy"));
        var few = await RunAsync(Request("r2", "noisy-small"));
        var worse = await RunAsync(Request("r3", "noisy"));

        var equalCheck = Assert.Single(equal.Run.Gate!.Checks);
        Assert.Equal("passed", equal.Verdict);
        Assert.Equal(-0.01, equalCheck.Observed, 10);
        Assert.InRange(equalCheck.Bound!.Value, -0.1, -0.06);
        Assert.Equal("failed", few.Verdict);
        Assert.Equal(-0.15, few.Run.Gate!.Checks.Single().Observed, 10);
        Assert.Equal(("failed", equal.Baseline!.Id), (worse.Verdict, worse.Baseline!.Id));
        Assert.Equal(200 + 200 + 20 + 20 + 200, _provider.Requests.Count);
    }

    [Fact]
    public async Task BadRequests_Answer400NamingEveryField_BeforeAnyCall()
    {
        await CreateReleaseAsync(_http, "gpt-good", Template, activate: true);

        var many = await PostProblemAsync(_http, "/api/v1/evals/runs", new
        {
            scorers = new object[] { new { name = "nosuch" }, new { name = "contains" } },
            gate = new { minMean = new { exact = 1.5 }, maxDrop = 2 },
            endpoint = "ftp://models.example",
            concurrency = 0,
        });
        var baselineWithoutDrop = await PostProblemAsync(_http, "/api/v1/evals/runs", new { feature = Feature, dataset = "golden", scorers = Exact, gate = new { baseline = "r1" } });
        var compareWithItself = await PostProblemAsync(_http, "/api/v1/evals/runs", new { feature = Feature, dataset = "golden", scorers = Exact, gate = new { maxDrop = 0.1 } });
        var badRef = await PostProblemAsync(_http, "/api/v1/evals/runs", new { feature = "bad feature", dataset = "golden@latest", scorers = Exact, release = "v2" });
        var notJson = await PostRawAsync(_http, "/api/v1/evals/runs", "{\"feature\": ");
        using var form = new StringContent("feature=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var wrongType = await _http.PostAsync("/api/v1/evals/runs", form);

        Assert.Equal(HttpStatusCode.BadRequest, many.Status);
        Assert.Equal(["required"], many.Errors["feature"]);
        Assert.StartsWith("required", Assert.Single(many.Errors["dataset"]), StringComparison.Ordinal);
        Assert.Contains("nosuch", Assert.Single(many.Errors["scorers[0].name"]), StringComparison.Ordinal);
        Assert.Contains("scorers[1].options.value", many.Errors.Keys);
        Assert.Contains("exact", Assert.Single(many.Errors["gate.minMean"]), StringComparison.Ordinal);
        Assert.Contains("gate.maxDrop", many.Errors.Keys);
        Assert.Contains("ftp://models.example", Assert.Single(many.Errors["endpoint"]), StringComparison.Ordinal);
        Assert.Contains("concurrency", many.Errors.Keys);
        Assert.Contains("gate.maxDrop", Assert.Single(baselineWithoutDrop.Errors["gate.baseline"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, compareWithItself.Status);
        Assert.Contains("gate.baseline", compareWithItself.Errors.Keys);
        Assert.Equal(["dataset", "feature"], badRef.Errors.Keys.Order(StringComparer.Ordinal));
        var badRelease = await PostProblemAsync(_http, "/api/v1/evals/runs", new { feature = Feature, dataset = "golden", scorers = Exact, release = "v2" });
        Assert.Contains("release", badRelease.Errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Empty(_provider.Requests);
    }

    [Fact]
    public async Task Release_WithAParameterOfflineRunsCannotSend_Answers400NamingIt()
    {
        await CreateReleaseAsync(_http, "gpt-good", Template, activate: true, new() { ["stop"] = "END" });

        var unsendable = await PostProblemAsync(_http, "/api/v1/evals/runs", new { feature = Feature, dataset = "golden", scorers = Exact });

        var error = Assert.Single(unsendable.Errors["release"]);
        Assert.StartsWith("r1's model.parameter stop: unknown (known: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
        Assert.Empty(_provider.Requests);
    }

    [Fact]
    public async Task Request_WithAMisspeltGateField_Answers400_RatherThanRunningWithoutTheGate()
    {
        await CreateReleaseAsync(_http, "gpt-bad", Template, activate: true);

        // snake_case for minMean: ignored, the run would report "no_gate" and a CI job would ship a 0.4.
        var typo = await PostRawAsync(_http, "/api/v1/evals/runs",
            """{"feature": "support-chat", "dataset": "golden", "scorers": [{"name": "exact"}], "gate": {"min_mean": {"exact": 0.9}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, typo.Status);
        Assert.Contains("gate.min_mean", typo.Errors.Keys);
        Assert.Empty(_provider.Requests);
    }

    [Fact]
    public async Task UnknownReleaseDatasetOrBaseline_Answer404()
    {
        await CreateReleaseAsync(_http, "gpt-good", Template, activate: true);
        await CreateReleaseAsync(_http, "gpt-good", Template, activate: false, feature: "unreleased");
        const string Url = "/api/v1/evals/runs";

        var release = await PostProblemAsync(_http, Url, new { feature = Feature, release = "r9", dataset = "golden", scorers = Exact });
        var dataset = await PostProblemAsync(_http, Url, new { feature = Feature, dataset = "nope", scorers = Exact });
        var version = await PostProblemAsync(_http, Url, new { feature = Feature, dataset = "golden@9", scorers = Exact });
        var baseline = await PostProblemAsync(_http, Url, new { feature = Feature, dataset = "golden", scorers = Exact, gate = new { maxDrop = 0.1, baseline = "r9" } });
        var noActive = await PostProblemAsync(_http, Url, new { feature = "unreleased", dataset = "golden", scorers = Exact });

        Assert.All(new[] { release, dataset, version, baseline, noActive }, p => Assert.Equal(HttpStatusCode.NotFound, p.Status));
        Assert.Contains("no release r9", release.Detail, StringComparison.Ordinal);
        Assert.Contains("'nope'", dataset.Detail, StringComparison.Ordinal);
        Assert.Contains("no version 9", version.Detail, StringComparison.Ordinal);
        Assert.Contains("r9", baseline.Detail, StringComparison.Ordinal);
        Assert.Contains("no active release", noActive.Detail, StringComparison.Ordinal);
        Assert.Empty(_provider.Requests);
    }

    [Fact]
    public async Task NoEndpointConfiguredOrGiven_Answers400_AndANamedEndpointIsCalledWithoutTheConfiguredKey()
    {
        await CreateReleaseAsync(_http, "gpt-bad", Template, activate: true);
        await using var other = await FakeProvider.StartAsync();
        await using var bare = await RunningServer.StartAsync(time: _clock);
        await CreateReleaseAsync(bare.Http, "gpt-good", Template, activate: true);
        await ImportAsync<DatasetChangeJson>(bare.Http, "golden", RunOracle.Dataset("q", 2), HttpStatusCode.Created);

        var missing = await PostProblemAsync(bare.Http, "/api/v1/evals/runs", new { feature = Feature, dataset = "golden", scorers = Exact });
        var named = await RunAsync(new { feature = Feature, dataset = "golden", scorers = Exact, endpoint = other.BaseUrl.ToString(), model = "gpt-override" });

        Assert.Contains("evaluation.offline.endpoint", Assert.Single(missing.Errors["endpoint"]), StringComparison.Ordinal);
        Assert.Equal(5, other.Requests.Count);
        Assert.Empty(_provider.Requests);
        Assert.All(other.Requests, r => Assert.Equal(("Bearer none", "gpt-override"), (r.Headers["Authorization"], r.Body.GetProperty("model").GetString())));
        Assert.Equal(($"gpt-override at {other.BaseUrl}", "r1"), (named.Run.Target, named.Run.ReleaseId));
    }

    [Fact]
    public async Task ProviderFailing_IsARunWithItsErrorsCountedAndExplained_NotA500()
    {
        await CreateReleaseAsync(_http, "gpt-good", Template, activate: true);
        (_provider.ErrorStatus, _provider.ErrorMessage) = (401, "Incorrect API key provided");

        var made = await RunAsync(new { feature = Feature, dataset = "golden", scorers = Exact, gate = new { minPassRate = new { exact = 0.5 } } });
        var items = await GetAsync<EvalRunItemsJson>(_http, $"/api/v1/evals/runs/{made.Run.Id}/items");

        Assert.Equal((5, 5, "failed"), (made.Run.ItemCount, made.Run.ErrorCount, made.Verdict));
        Assert.Equal((0.0, 0.0), (made.Run.Summary.Single().Mean, made.Run.Summary.Single().PassRate));
        Assert.Equal(5, made.Failures.Count);
        Assert.All(items.Items, i =>
        {
            Assert.Equal("HTTP 401: Incorrect API key provided", i.Error);
            Assert.Null(i.Output);
            Assert.StartsWith("no output: HTTP 401", Assert.Single(i.Scores).Explanation, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task RegressionGate_WhenEveryCallFails_DoesNotPass()
    {
        await CreateReleaseAsync(_http, "gpt-good", Template, activate: true);
        await CreateReleaseAsync(_http, "gpt-bad", Template, activate: false);
        _provider.ErrorStatus = 401;

        // Baseline and candidate both score 0 everywhere: "no drop" is shown, but nothing was evaluated.
        var made = await RunAsync(new { feature = Feature, release = "r2", dataset = "golden", scorers = Exact, gate = new { maxDrop = 0.05 } });

        Assert.Equal((5, 5), (made.Run.ErrorCount, made.Baseline!.ErrorCount));
        Assert.Equal("failed", made.Verdict);
    }

    [Fact]
    public async Task Runs_AreListedNewestFirst_Filtered_ShownAndReadItemByItem()
    {
        await CreateReleaseAsync(_http, "gpt-good", Template, activate: true);
        await CreateReleaseAsync(_http, "gpt-mostly", Template, activate: false);
        var first = await RunAsync(new { feature = Feature, dataset = "golden", scorers = Exact });
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await RunAsync(new { feature = Feature, release = "r2", dataset = "golden", scorers = new object[] { new { name = "exact" }, new { name = "contains", options = new { value = "answer" } } } });

        var all = await GetAsync<EvalRunListJson>(_http, "/api/v1/evals/runs");
        var r1 = await GetAsync<EvalRunListJson>(_http, $"/api/v1/evals/runs?feature={Feature}&release=r1&dataset=golden");
        var one = await GetAsync<EvalRunListJson>(_http, "/api/v1/evals/runs?limit=1");
        var shown = await GetAsync<EvalRun>(_http, $"/api/v1/evals/runs/{second.Run.Id}");
        var items = await GetAsync<EvalRunItemsJson>(_http, $"/api/v1/evals/runs/{second.Run.Id}/items");

        Assert.Equal([second.Run.Id, first.Run.Id], all.Runs.Select(r => r.Id));
        Assert.Equal([first.Run.Id], r1.Runs.Select(r => r.Id));
        Assert.Equal([second.Run.Id], one.Runs.Select(r => r.Id));
        Assert.Equal((second.Run.Target, Start.AddMinutes(1)), (shown.Target, shown.StartedAt));
        Assert.Equal(["exact", "contains"], shown.Scorers);
        Assert.Equal(second.Run.Summary, shown.Summary);
        Assert.Equal(["q1", "q2", "q3", "q4", "q5"], items.Items.Select(i => i.ItemId));
        var q5 = items.Items[4];
        Assert.Equal(("question q5", "no idea", FakeProvider.PromptTokens, FakeProvider.CompletionTokens), (q5.Input, q5.Output, q5.InputTokens, q5.OutputTokens));
        Assert.Equal([("exact", false), ("contains", false)], q5.Scores.Select(s => (s.Scorer, s.Passed)));
        Assert.All(q5.Scores, s => Assert.False(string.IsNullOrWhiteSpace(s.Explanation)));
        Assert.Equal(HttpStatusCode.NotFound, (await GetProblemAsync(_http, "/api/v1/evals/runs/run-nope")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetProblemAsync(_http, "/api/v1/evals/runs/run-nope/items")).Status);
        var badFilter = await GetProblemAsync(_http, "/api/v1/evals/runs?release=latest&limit=0");
        Assert.Equal(["limit", "release"], badFilter.Errors.Keys.Order(StringComparer.Ordinal));
    }

    private async Task<EvalRunJson> RunAsync(object body) => await SendAsync<EvalRunJson>(_http, "/api/v1/evals/runs", body, HttpStatusCode.Created);
}
