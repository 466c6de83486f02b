using System.Net;
using System.Text.Json;
using Google.Protobuf;

namespace Vigil.Cli.Tests;

/// <summary><c>vigil traces</c>, <c>stats</c> and <c>costs</c> against a running server found through its data directory.</summary>
public sealed class QueryCommandTests
{
    [Fact]
    public async Task TracesStatsCosts_Json_ShowWhatTheServerIngested()
    {
        var work = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
        var data = Path.Combine(work, ".vigil");
        var port = VigilProcess.FreePort();
        await using var server = await VigilProcess.ServeAsync(work, data, port, VigilProcess.FreePort());
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = VigilProcess.Timeout })
        {
            using var content = new ByteArrayContent(CrashDurabilityTests.Request("0cf7651916cd43dd8448eb211c80319c", 4).ToByteArray());
            content.Headers.ContentType = new("application/x-protobuf");
            using var response = await http.PostAsync("/v1/traces", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var traces = await VigilProcess.RunAsync(work, "traces", "--json");
        Assert.True(traces.ExitCode == 0, traces.Stderr);
        var item = JsonDocument.Parse(traces.Stdout).RootElement.GetProperty("items")[0];
        Assert.Equal("0cf7651916cd43dd8448eb211c80319c", item.GetProperty("traceId").GetString());
        Assert.Equal(4, item.GetProperty("spanCount").GetInt32());

        var stats = await VigilProcess.RunAsync(work, "stats", "--json", "--group-by", "model", "--step", "1m", "--from", "1h");
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        var series = JsonDocument.Parse(stats.Stdout).RootElement.GetProperty("series");
        var mini = series.EnumerateArray().Single(s => s.GetProperty("group").GetString() == "gpt-4o-mini");
        Assert.Equal(4, mini.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("count").GetInt64()));

        var costs = await VigilProcess.RunAsync(work, "costs", "--json");
        Assert.True(costs.ExitCode == 0, costs.Stderr);
        var report = JsonDocument.Parse(costs.Stdout).RootElement;
        Assert.Equal(4, report.GetProperty("pricedCalls").GetInt64());
        Assert.True(report.GetProperty("totalCost").GetDecimal() > 0m);

        var table = await VigilProcess.RunAsync(work, "stats", "--group-by", "model");
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("gpt-4o-mini", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Traces_OnABareStoreWithUnappliedJournalRecords_WarnsThatAServerMustReplayThem()
    {
        var work = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
        var (created, _, _) = await VigilProcess.RunAsync(work, "traces");
        Assert.Equal(0, created);
        using (var journal = Vigil.Ingest.Journal.IngestJournal.Open(Path.Combine(work, ".vigil", "journal")))
        {
            journal.Write(Vigil.Ingest.Journal.JournalRecordKind.Traces, "default", CrashDurabilityTests.Request("8bf7651916cd43dd8448eb211c80319c", 2).ToByteArray());
            journal.Sync();
        }

        var (code, _, stderr) = await VigilProcess.RunAsync(work, "traces");

        Assert.Equal(0, code);
        Assert.Contains("1 acknowledged exports are in the ingest journal", stderr, StringComparison.Ordinal);
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task Stats_BadStep_ExitsNonZeroNamingTheOption()
    {
        var work = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
        var (code, _, stderr) = await VigilProcess.RunAsync(work, "stats", "--step", "90s");
        Assert.NotEqual(0, code);
        Assert.Contains("--step", stderr, StringComparison.Ordinal);
    }
}
