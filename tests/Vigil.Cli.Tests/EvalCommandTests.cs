using System.Text.Json;
using Vigil.Testing;

namespace Vigil.Cli.Tests;

/// <summary>
/// <c>vigil eval run|list|show</c> against the embedded store and a running server, calling a fake
/// OpenAI-compatible provider: exit 0 when the gate passes (or there is none), 100 when it fails, 1 on error.
/// </summary>
public sealed class EvalCommandTests : IAsyncLifetime
{
    private const string Prompt = "You are the support agent of {{product}}.\n{{context_text}}";
    private FakeProvider _provider = null!;
    private string _work = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeProvider.StartAsync();
        _provider.Reply = Answer;
        _work = await DatasetCommandTests.WorkAsync();
        await File.WriteAllTextAsync(Path.Combine(_work, "prompt.txt"), Prompt);
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    private string Endpoint => _provider.BaseUrl.ToString();

    [Fact]
    public async Task Run_OnTheBareStore_Exits0WhenTheGatePasses_100WhenItFails_1OnError()
    {
        await OkAsync("release", "create", "--feature", "support-chat", "--provider", "openai", "--model", "gpt-mostly", "--param", "temperature=0",
            "--prompt-version", "v1", "--prompt-file", "prompt.txt", "--activate", "--reason", "launch");
        await OkAsync("dataset", "import", "golden", "golden.jsonl");
        string[] run = ["eval", "run", "--feature", "support-chat", "--dataset", "golden", "--scorer", "exact"];

        var pass = await VigilProcess.RunAsync(_work, [.. run, "--endpoint", Endpoint, "--min-mean", "exact=0.75", "--json"]);
        var fail = await VigilProcess.RunAsync(_work, [.. run, "--endpoint", Endpoint, "--min-mean", "exact=0.9", "--min-pass-rate", "exact=0.5"]);
        var noGate = await VigilProcess.RunAsync(_work, [.. run, "--endpoint", Endpoint]);
        var noEndpoint = await VigilProcess.RunAsync(_work, run);
        var noDataset = await VigilProcess.RunAsync(_work, "eval", "run", "--feature", "support-chat", "--dataset", "nope", "--scorer", "exact", "--endpoint", Endpoint);
        var badOption = await VigilProcess.RunAsync(_work, [.. run, "--endpoint", Endpoint, "--scorer", "contains:valu=x"]);
        var badGate = await VigilProcess.RunAsync(_work, [.. run, "--endpoint", Endpoint, "--min-mean", "exact=0,9"]);

        Assert.True(pass.ExitCode == 0, pass.Stderr);
        var passed = JsonDocument.Parse(pass.Stdout).RootElement;
        Assert.Equal("passed", passed.GetProperty("verdict").GetString());
        var summary = passed.GetProperty("run").GetProperty("summary")[0];
        Assert.Equal((4, 0.75), (summary.GetProperty("count").GetInt32(), summary.GetProperty("mean").GetDouble()));
        Assert.True(summary.GetProperty("meanLow").GetDouble() < 0.75 && summary.GetProperty("passRateHigh").GetDouble() > 0.75);
        Assert.Equal(100, fail.ExitCode);
        Assert.Contains("gate FAILED", fail.Stdout, StringComparison.Ordinal);
        Assert.Contains("✗ exact: mean 0.750 < 0.900", fail.Stdout, StringComparison.Ordinal);
        Assert.Contains("✓ exact: pass rate 0.750 ≥ 0.500", fail.Stdout, StringComparison.Ordinal);
        Assert.Contains("✗ q4: exact:", fail.Stdout, StringComparison.Ordinal);
        Assert.True(noGate.ExitCode == 0, noGate.Stderr);
        Assert.Contains("no gate", noGate.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, noEndpoint.ExitCode);
        Assert.Contains("endpoint: required", noEndpoint.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, noDataset.ExitCode);
        Assert.Contains("no dataset 'nope'", noDataset.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, badOption.ExitCode);
        Assert.Contains("scorers[1].options.valu", badOption.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, badGate.ExitCode);
        Assert.Contains("--min-mean", badGate.Stderr, StringComparison.Ordinal);
        Assert.Equal(3 * 4, _provider.Requests.Count);
        var q1 = _provider.Requests.First(r => r.Message("user") == "question q1");
        Assert.Equal(("support-chat", "r1", "gpt-mostly"), (q1.Headers["x-vigil-feature"], q1.Headers["x-vigil-release"], q1.Body.GetProperty("model").GetString()));
        Assert.Equal("You are the support agent of Acme.\n[kb-1] Refunds take 14 days.\n", q1.Message("system"));
    }

    [Fact]
    public async Task Run_TakesScorersAndEndpointFromVigilYaml_AndListAndShowReadTheStoredRuns()
    {
        await OkAsync("release", "create", "--feature", "support-chat", "--provider", "openai", "--model", "gpt-mostly",
            "--prompt-version", "v1", "--prompt-file", "prompt.txt", "--activate", "--reason", "launch");
        await OkAsync("dataset", "import", "golden", "golden.jsonl");
        await File.WriteAllTextAsync(Path.Combine(_work, "vigil.yaml"), $$"""
            evaluation:
              online:
                - feature: support-chat
                  scorers:
                    - { name: exact }
                    - { name: contains, options: { value: answer } }
              offline:
                endpoint: {{Endpoint}}
            """);

        var configured = await VigilProcess.RunAsync(_work, "eval", "run", "--feature", "support-chat", "--dataset", "golden@1", "--min-pass-rate", "contains=1", "--json");
        var list = await VigilProcess.RunAsync(_work, "eval", "list");
        var listJson = await VigilProcess.RunAsync(_work, "eval", "list", "--feature", "support-chat", "--json");
        var runId = JsonDocument.Parse(configured.Stdout).RootElement.GetProperty("run").GetProperty("id").GetString()!;
        var show = await VigilProcess.RunAsync(_work, "eval", "show", runId, "--items");
        var showJson = await VigilProcess.RunAsync(_work, "eval", "show", runId, "--items", "--json");
        var unknown = await VigilProcess.RunAsync(_work, "eval", "show", "run-nope");

        Assert.Equal(100, configured.ExitCode);
        var run = JsonDocument.Parse(configured.Stdout).RootElement.GetProperty("run");
        Assert.Equal(["exact", "contains"], run.GetProperty("scorers").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal($"gpt-mostly at {Endpoint}", run.GetProperty("target").GetString());
        Assert.True(list.ExitCode == 0, list.Stderr);
        var row = list.Stdout.Split('\n').Single(l => l.Contains(runId, StringComparison.Ordinal));
        Assert.Contains("golden@1", row, StringComparison.Ordinal);
        Assert.Contains("failed", row, StringComparison.Ordinal);
        Assert.Contains("exact 0.750, contains 0.750", row, StringComparison.Ordinal);
        Assert.Equal([runId], JsonDocument.Parse(listJson.Stdout).RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.True(show.ExitCode == 0, show.Stderr);
        Assert.Contains("gate FAILED", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("q4: ", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("✗ contains 0.000: ", show.Stdout, StringComparison.Ordinal);
        var detail = JsonDocument.Parse(showJson.Stdout).RootElement;
        Assert.Equal(runId, detail.GetProperty("run").GetProperty("id").GetString());
        Assert.Equal(["q1", "q2", "q3", "q4"], detail.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("run-nope", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ThroughARunningServer_RegressionAgainstTheActiveRelease_Exits100_AndAnEqualReleasePasses()
    {
        var port = VigilProcess.FreePort();
        await using var server = await VigilProcess.ServeAsync(_work, Path.Combine(_work, ".vigil"), port, VigilProcess.FreePort());
        string[] create = ["release", "create", "--feature", "support-chat", "--provider", "openai", "--prompt-version", "v1", "--prompt-file", "prompt.txt"];
        await OkAsync([.. create, "--model", "gpt-good", "--activate", "--reason", "launch"]);
        await OkAsync([.. create, "--model", "gpt-bad"]);
        await OkAsync([.. create, "--model", "gpt-good-too"]);
        var import = await OkAsync("dataset", "import", "golden", "golden.jsonl");
        string[] run = ["eval", "run", "--feature", "support-chat", "--dataset", "golden", "--scorer", "exact", "--endpoint", Endpoint, "--max-drop", "0.05"];

        var worse = await VigilProcess.RunAsync(_work, [.. run, "--release", "r2", "--json"]);
        var equal = await VigilProcess.RunAsync(_work, [.. run, "--release", "r3", "--baseline", "r1"]);
        var unknownScorer = await VigilProcess.RunAsync(_work, [.. run, "--release", "r3", "--scorer", "nosuch"]);
        var byRelease = await VigilProcess.RunAsync(_work, "eval", "list", "--release", "r2", "--json");

        Assert.Contains("golden@1: 4 items", import.Stdout, StringComparison.Ordinal);
        Assert.Equal(100, worse.ExitCode);
        var failed = JsonDocument.Parse(worse.Stdout).RootElement;
        Assert.Equal(("failed", "r1"), (failed.GetProperty("verdict").GetString(), failed.GetProperty("baseline").GetProperty("releaseId").GetString()));
        Assert.Equal("anonymous (loopback)", failed.GetProperty("run").GetProperty("createdBy").GetString());
        Assert.True(equal.ExitCode == 0, equal.Stdout + equal.Stderr);
        Assert.Contains("gate passed", equal.Stdout, StringComparison.Ordinal);
        Assert.Contains("baseline: ", equal.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, unknownScorer.ExitCode);
        Assert.Contains("the server answered 400", unknownScorer.Stderr, StringComparison.Ordinal);
        Assert.Contains("scorers[1].name", unknownScorer.Stderr, StringComparison.Ordinal);
        Assert.Single(JsonDocument.Parse(byRelease.Stdout).RootElement.GetProperty("runs").EnumerateArray());
        Assert.Equal(3 * 4, _provider.Requests.Count); // r1 once (the stored baseline is reused), r2, r3
        Assert.Equal(4, _provider.Requests.Count(r => r.Headers["x-vigil-release"] == "r1" && r.Body.GetProperty("model").GetString() == "gpt-good"));
    }

    [Fact]
    public async Task Run_WithABaselineButNoMaxDrop_IsAnError_NotAnUngatedPass()
    {
        await OkAsync("release", "create", "--feature", "support-chat", "--provider", "openai", "--model", "gpt-good",
            "--prompt-version", "v1", "--prompt-file", "prompt.txt", "--activate", "--reason", "launch");
        await OkAsync("dataset", "import", "golden", "golden.jsonl");

        var result = await VigilProcess.RunAsync(_work, "eval", "run", "--feature", "support-chat", "--dataset", "golden", "--scorer", "exact",
            "--endpoint", Endpoint, "--baseline", "r1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("gate.baseline", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>gpt-good and gpt-good-too answer every item right; gpt-mostly all but q4; gpt-bad gets q1–q3 wrong.</summary>
    private static string Answer(JsonElement body)
    {
        var model = body.GetProperty("model").GetString();
        var id = FakeProvider.Message(body, "user").Split(' ')[1];
        var right = "answer " + id;
        return model switch
        {
            "gpt-mostly" => id == "q4" ? "no idea" : right,
            "gpt-bad" => id is "q1" or "q2" or "q3" ? "no idea" : right,
            _ => right,
        };
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> OkAsync(params string[] args)
    {
        var result = await VigilProcess.RunAsync(_work, args);
        Assert.True(result.ExitCode == 0, $"vigil {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        return result;
    }
}
