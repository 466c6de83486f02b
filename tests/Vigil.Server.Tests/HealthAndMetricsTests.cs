using System.Net;

namespace Vigil.Server.Tests;

public sealed class HealthAndMetricsTests
{
    [Fact]
    public async Task Health_LiveAndReady_Answer200()
    {
        await using var server = await RunningServer.StartAsync();
        using var live = await server.Http.GetAsync("/healthz");
        using var ready = await server.Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterAnExport_ExposesIngestCountersInPrometheusFormat()
    {
        await using var server = await RunningServer.StartAsync();
        var request = OtlpHttpBadInputTests.Request(OtlpHttpBadInputTests.Span("eaf7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"));
        using var content = new ByteArrayContent(Google.Protobuf.MessageExtensions.ToByteArray(request));
        content.Headers.ContentType = new("application/x-protobuf");
        using (var response = await server.Http.PostAsync("/v1/traces", content))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Contains("vigil_ingest_accepted_items", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_ingest_queue_depth", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_store_commits", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DocumentListsTheQueryApi()
    {
        await using var server = await RunningServer.StartAsync();
        var document = await server.Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/traces", document, StringComparison.Ordinal);
        Assert.Contains("/api/v1/stats", document, StringComparison.Ordinal);
    }
}
