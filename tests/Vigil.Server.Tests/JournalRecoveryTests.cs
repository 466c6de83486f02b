using System.Net;
using Google.Protobuf;
using Vigil.Ingest.Journal;

namespace Vigil.Server.Tests;

/// <summary>Exports left in the journal by a crash reach the store before the server listens.</summary>
public sealed class JournalRecoveryTests
{
    [Fact]
    public async Task Start_WithJournalRecordsTheStoreHasNot_ReplaysThemOnce_BeforeServing()
    {
        string data;
        await using (var first = await RunningServer.StartAsync())
        {
            data = first.DataDirectory;
        }

        // What a crash leaves: two acknowledged exports in the journal, none of them in the store.
        using (var journal = IngestJournal.Open(Path.Combine(data, "journal")))
        {
            journal.Write(JournalRecordKind.Traces, "default", Request("6bf7651916cd43dd8448eb211c80319c", 3).ToByteArray());
            journal.Write(JournalRecordKind.Traces, "default", Request("7bf7651916cd43dd8448eb211c80319c", 2).ToByteArray());
            journal.Sync();
        }

        await using (var second = await RunningServer.StartAsync(s => s with { DataDirectory = data }))
        {
            await AssertSpanCountAsync(second, "6bf7651916cd43dd8448eb211c80319c", 3);
            await AssertSpanCountAsync(second, "7bf7651916cd43dd8448eb211c80319c", 2);
        }

        await using var third = await RunningServer.StartAsync(s => s with { DataDirectory = data });
        await AssertSpanCountAsync(third, "6bf7651916cd43dd8448eb211c80319c", 3);
        Assert.Empty(Directory.GetFiles(Path.Combine(data, "journal"), "00000000000000000001.journal"));
    }

    private static async Task AssertSpanCountAsync(RunningServer server, string traceId, int spans)
    {
        using var response = await server.Http.GetAsync($"/api/v1/traces/{traceId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(spans, doc.RootElement.GetProperty("spanCount").GetInt32());
    }

    private static OpenTelemetry.Proto.Collector.Trace.V1.ExportTraceServiceRequest Request(string traceId, int spans) =>
        OtlpHttpBadInputTests.Request([.. Enumerable.Range(1, spans)
            .Select(i => OtlpHttpBadInputTests.Span(traceId, i.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)))]);
}
