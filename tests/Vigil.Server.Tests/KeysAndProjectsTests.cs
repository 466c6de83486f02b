using System.Net;
using Google.Protobuf;
using Grpc.Core;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Vigil.Core.Projects;
using Vigil.Core.Queries;
using Vigil.Server.Configuration;

namespace Vigil.Server.Tests;

/// <summary>Scopes and project isolation, over HTTP and over gRPC.</summary>
public sealed class KeysAndProjectsTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(s => s with { Anonymous = AnonymousAccess.Deny });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Http_NoKeyWhenAnonymousDenied_Is401()
    {
        using var response = await _server.Http.GetAsync("/api/v1/traces");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Http_UnknownKey_Is401()
    {
        using var response = await _server.ClientWithKey("vk_000000000000_nope").GetAsync("/api/v1/traces");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Http_ReadKey_CannotIngest()
    {
        var read = _server.ClientWithKey(await _server.CreateKeyAsync("alpha", ApiKeyScope.Read));
        using var response = await PostTraceAsync(read, "9af7651916cd43dd8448eb211c80319c");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("ingest", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_IngestKey_CannotRead()
    {
        var ingest = _server.ClientWithKey(await _server.CreateKeyAsync("alpha", ApiKeyScope.Ingest));
        using var response = await ingest.GetAsync("/api/v1/traces");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("read", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_ProjectAKey_SeesNothingOfProjectB()
    {
        var ingestB = _server.ClientWithKey(await _server.CreateKeyAsync("beta", ApiKeyScope.Ingest));
        var readA = _server.ClientWithKey(await _server.CreateKeyAsync("alpha", ApiKeyScope.Read));
        var readB = _server.ClientWithKey(await _server.CreateKeyAsync("beta", ApiKeyScope.Read));
        const string traceId = "aaf7651916cd43dd8448eb211c80319c";
        using (var response = await PostTraceAsync(ingestB, traceId))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await readA.GetAsync($"/api/v1/traces/{traceId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var pageA = await _server.GetJsonAsync<TracePage>(readA, "/api/v1/traces?from=now-1d");
        Assert.Empty(pageA.Items);
        var statsA = await _server.GetJsonAsync<StatsResult>(readA, "/api/v1/stats?from=now-1d&step=1h");
        Assert.Empty(statsA.Series.SelectMany(s => s.Points));
        var pageB = await _server.GetJsonAsync<TracePage>(readB, "/api/v1/traces?from=now-1d");
        Assert.Contains(pageB.Items, t => t.TraceId == traceId);
    }

    [Fact]
    public async Task Grpc_ReadKey_CannotIngest_PermissionDenied()
    {
        var secret = await _server.CreateKeyAsync("alpha", ApiKeyScope.Read);
        var client = new TraceService.TraceServiceClient(_server.GrpcChannel());
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(Request("baf7651916cd43dd8448eb211c80319c"), Headers(secret)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Fact]
    public async Task Grpc_NoKey_Unauthenticated()
    {
        var client = new TraceService.TraceServiceClient(_server.GrpcChannel());
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(Request("caf7651916cd43dd8448eb211c80319c")).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task Grpc_IngestKey_WritesIntoItsOwnProjectOnly()
    {
        var secret = await _server.CreateKeyAsync("gamma", ApiKeyScope.Ingest);
        var client = new TraceService.TraceServiceClient(_server.GrpcChannel());
        const string traceId = "daf7651916cd43dd8448eb211c80319c";
        await client.ExportAsync(Request(traceId), Headers(secret)).ResponseAsync.WaitAsync(RunningServer.Timeout);

        var readGamma = _server.ClientWithKey(await _server.CreateKeyAsync("gamma", ApiKeyScope.Read));
        var readDelta = _server.ClientWithKey(await _server.CreateKeyAsync("delta", ApiKeyScope.Read | ApiKeyScope.Ingest));
        await _server.GetJsonAsync<TraceDetail>(readGamma, $"/api/v1/traces/{traceId}");
        using var response = await readDelta.GetAsync($"/api/v1/traces/{traceId}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Http_RevokedKey_Is401AtOnce()
    {
        var admin = _server.ClientWithKey(await _server.CreateKeyAsync("alpha", ApiKeyScope.Admin));
        using var created = await admin.PostAsync("/api/v1/keys", JsonContent("{\"name\":\"ci\",\"scopes\":\"read\"}"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var reader = _server.ClientWithKey(key.GetProperty("secret").GetString()!);
        using (var ok = await reader.GetAsync("/api/v1/traces"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var revoked = await admin.DeleteAsync($"/api/v1/keys/{key.GetProperty("id").GetString()}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        using var denied = await reader.GetAsync("/api/v1/traces");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static Metadata Headers(string secret) => new() { { "authorization", "Bearer " + secret } };

    private static ExportTraceServiceRequest Request(string traceId) =>
        OtlpHttpBadInputTests.Request(OtlpHttpBadInputTests.Span(traceId, "b7ad6b7169203331"));

    private static Task<HttpResponseMessage> PostTraceAsync(HttpClient client, string traceId)
    {
        var content = new ByteArrayContent(Request(traceId).ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        return client.PostAsync("/v1/traces", content);
    }
}
