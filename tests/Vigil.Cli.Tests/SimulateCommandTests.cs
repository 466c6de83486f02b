using System.Net.Http.Json;
using System.Text.Json;

namespace Vigil.Cli.Tests;

/// <summary><c>vigil simulate</c> and <c>vigil serve --demo</c> as a user runs them.</summary>
public sealed class SimulateCommandTests
{
    private const string ShortScenario = """
        name: short-inflation
        seed: 3
        start: 2026-03-02T10:00:00Z
        duration: 40m
        traffic:
          requests_per_minute: 20
        faults:
          - kind: prompt_token_inflation
            at: 20m
            feature: support-chat
            factor: 2
        expect:
          - quiet: [0h, 20m]
          - incident: cost_spike
            feature: support-chat
            within: 1h
            axis: prompt
        """;

    [Fact]
    public async Task Simulate_WritesTheScorecard_WithTheFiredAlertsAsItsIncidents()
    {
        var work = Directory.CreateTempSubdirectory("vigil-sim-").FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "short.yaml"), ShortScenario);

        var (code, stdout, stderr) = await VigilProcess.RunAsync(work, "simulate", "--scenario", "short.yaml", "--out", "card.json");

        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        using var card = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(work, "card.json")));
        var root = card.RootElement;
        Assert.Equal("short-inflation", root.GetProperty("scenario").GetString());
        Assert.False(root.GetProperty("passed").GetBoolean());
        var expectations = root.GetProperty("expectations").EnumerateArray().ToList();
        Assert.True(expectations[0].GetProperty("passed").GetBoolean()); // quiet: no page
        Assert.False(expectations[1].GetProperty("detected").GetBoolean());
        Assert.Equal(0, root.GetProperty("false_pages").GetInt32());
        Assert.Equal(2400, root.GetProperty("run").GetProperty("simulated_s").GetInt64());
        Assert.True(root.GetProperty("run").GetProperty("spans").GetInt64() > 1000);
        Assert.Contains("alerts that fired (acme's SLOs and Vigil's detectors)", root.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Contains("cost_spike support-chat", stdout, StringComparison.Ordinal);
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task Simulate_BadScenario_ExitsTwoNamingEveryProblem()
    {
        var work = Directory.CreateTempSubdirectory("vigil-sim-").FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "bad.yaml"), """
            name: bad
            duration: 2d
            faults:
              - kind: prompt_token_inflation
                at: 3d
                feature: support-chat
                factr: 2
            """);

        var (code, _, stderr) = await VigilProcess.RunAsync(work, "simulate", "--scenario", "bad.yaml");

        Assert.Equal(2, code);
        Assert.Contains("faults[0].at", stderr, StringComparison.Ordinal);
        Assert.Contains("factr", stderr, StringComparison.Ordinal);
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task ServeDemo_RunsTheSimulatedApplicationAgainstTheServer()
    {
        var work = Directory.CreateTempSubdirectory("vigil-demo-").FullName;
        var port = VigilProcess.FreePort();
        await using var server = await VigilProcess.ServeAsync(work, Path.Combine(work, "data"), port, VigilProcess.FreePort(), "--demo", "--demo-speed", "600");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = VigilProcess.Timeout };

        // The server's clock is the demo's, so "the last hour" is simulated time: wait for its traffic.
        long spans = 0;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (spans < 200 && waited.Elapsed < VigilProcess.Timeout)
        {
            using var costs = await http.GetFromJsonAsync<JsonDocument>("/api/v1/costs?from=now-1d");
            spans = costs!.RootElement.GetProperty("byFeatureAndTeam").EnumerateArray().Sum(f => f.GetProperty("calls").GetInt64());
        }

        Assert.True(spans >= 200, $"the demo sent {spans} calls\n{server.Output}");
        Assert.Contains("--demo", server.Output, StringComparison.Ordinal);
    }
}
