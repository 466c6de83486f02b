using System.Net;
using System.Text.Json;
using Google.Protobuf;
using Vigil.Server.Configuration;
using Vigil.Simulator.Application;

namespace Vigil.Cli.Tests;

/// <summary><c>vigil slo list|status|export</c>.</summary>
public sealed class SloCommandTests
{
    private const string Config = """
        slos:
          - name: crash-app-availability
            feature: crash-app
            indicator: { kind: availability }
            objective: 0.999
        """;

    [Fact]
    public async Task ListAndStatus_AskTheRunningServer_OrEvaluateTheSlosOfVigilYamlOnTheBareStore()
    {
        var work = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "vigil.yaml"), Config);
        var port = VigilProcess.FreePort();
        await using (var server = await VigilProcess.ServeAsync(work, Path.Combine(work, ".vigil"), port, VigilProcess.FreePort()))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = VigilProcess.Timeout };
            using var content = new ByteArrayContent(CrashDurabilityTests.Request("0df7651916cd43dd8448eb211c80319c", 4).ToByteArray());
            content.Headers.ContentType = new("application/x-protobuf");
            using var response = await http.PostAsync("/v1/traces", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var stored = await http.GetAsync("/api/v1/traces/0df7651916cd43dd8448eb211c80319c"); // read your writes: in the store before the kill

            // A running server answers from its own evaluation.
            var served = await VigilProcess.RunAsync(work, "slo", "list", "--json");
            Assert.True(served.ExitCode == 0, served.Stderr);
            Assert.Equal("crash-app-availability", JsonDocument.Parse(served.Stdout).RootElement.GetProperty("slos")[0].GetProperty("name").GetString());
        }

        var list = await VigilProcess.RunAsync(work, "slo", "list", "--json");
        var status = await VigilProcess.RunAsync(work, "slo", "status", "crash-app-availability");
        var missing = await VigilProcess.RunAsync(work, "slo", "status", "no-such-slo");

        Assert.True(list.ExitCode == 0, list.Stderr);
        var slo = JsonDocument.Parse(list.Stdout).RootElement.GetProperty("slos").EnumerateArray().Single();
        Assert.Equal("crash-app-availability", slo.GetProperty("name").GetString());
        Assert.Equal(4, slo.GetProperty("events").GetProperty("total").GetInt64());
        Assert.Equal(1.0, slo.GetProperty("sli").GetDouble());
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("1h/5m", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("no alerts", status.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no SLO named 'no-such-slo'", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WritesPrometheusRules_ForTheSlosOfVigilYaml()
    {
        var work = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "vigil.yaml"), Config);

        var export = await VigilProcess.RunAsync(work, "slo", "export", "--format", "prometheus", "--out", "rules.yaml");
        var badFormat = await VigilProcess.RunAsync(work, "slo", "export", "--format", "nagios");

        Assert.True(export.ExitCode == 0, export.Stderr);
        var rules = await File.ReadAllTextAsync(Path.Combine(work, "rules.yaml"));
        Assert.Contains("slo:sli_error:ratio_rate5m", rules, StringComparison.Ordinal);
        Assert.Contains("alert: CrashAppAvailabilityPageBurnRate", rules, StringComparison.Ordinal);
        Assert.Equal(1, badFormat.ExitCode);
        Assert.Contains("--format: 'nagios'", badFormat.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WithoutSlos_SaysWhereToDefineThem()
    {
        var work = Directory.CreateTempSubdirectory("vigil-cli-").FullName;

        var export = await VigilProcess.RunAsync(work, "slo", "export");

        Assert.Equal(1, export.ExitCode);
        Assert.Contains("define them under slos: in vigil.yaml", export.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AcmesSloFile_IsAValidSloConfiguration()
    {
        var slos = VigilConfigLoader.Parse(AcmeSlos.Yaml(), AcmeSlos.Source).Slos;

        Assert.Equal(11, slos.Count);
        Assert.Contains(slos, s => s.Name == "research-agent-cost-p99" && s.Objective == 0.99);
    }
}
