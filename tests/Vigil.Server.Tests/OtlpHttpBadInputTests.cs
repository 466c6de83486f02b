using System.IO.Compression;
using System.Net;
using System.Text;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using Vigil.Core.Queries;

namespace Vigil.Server.Tests;

/// <summary>Bad input over OTLP/HTTP: a 4xx naming the problem, nothing half-written, the server keeps serving.</summary>
public sealed class OtlpHttpBadInputTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(s => s with { Ingest = s.Ingest with { MaxBodyBytes = 64 * 1024 } });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Post_MalformedProtobuf_Is400NamingProtobuf()
    {
        var (status, body) = await PostAsync(new byte[] { 0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01 }, "application/x-protobuf");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("protobuf", Decode(body), StringComparison.OrdinalIgnoreCase);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Post_MalformedJson_Is400NamingJson()
    {
        var (status, body) = await PostAsync(Encoding.UTF8.GetBytes("{\"resourceSpans\": [ {"), "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("JSON", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Post_WrongContentType_Is415()
    {
        var (status, body) = await PostAsync(Encoding.UTF8.GetBytes("hello"), "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("text/plain", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OversizedBody_Is413()
    {
        var request = Request(Span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", attributeValue: new string('x', 100 * 1024)));
        var (status, body) = await PostAsync(request.ToByteArray(), "application/x-protobuf");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("maxBodyBytes", Decode(body), StringComparison.Ordinal);
        await AssertNotStoredAsync("0af7651916cd43dd8448eb211c80319c");
    }

    [Fact]
    public async Task Post_GzipBombBeyondLimit_Is413AfterDecompression()
    {
        var raw = Request(Span("1af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", attributeValue: new string('y', 200 * 1024))).ToByteArray();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await gzip.WriteAsync(raw);
        }

        Assert.True(compressed.Length < 64 * 1024);
        var (status, _) = await PostAsync(compressed.ToArray(), "application/x-protobuf", gzip: true);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
    }

    [Fact]
    public async Task Post_GzipProtobuf_IsAccepted()
    {
        var raw = Request(Span("2af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331")).ToByteArray();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(raw);
        }

        var (status, _) = await PostAsync(compressed.ToArray(), "application/x-protobuf", gzip: true);
        Assert.Equal(HttpStatusCode.OK, status);
        await _server.GetJsonAsync<TraceDetail>(_server.Http, "/api/v1/traces/2af7651916cd43dd8448eb211c80319c");
    }

    [Fact]
    public async Task Post_OnlyInvalidIds_Is400AndStoresNothing()
    {
        var span = Span("3af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");
        span.TraceId = ByteString.CopyFrom(new byte[12]);
        var (status, body) = await PostAsync(Request(span).ToByteArray(), "application/x-protobuf");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("traceId", Decode(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OneInvalidSpanAmongValid_IsPartialSuccessKeepingTheRest()
    {
        var bad = Span("4af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");
        bad.SpanId = ByteString.CopyFrom(new byte[3]);
        var good = Span("5af7651916cd43dd8448eb211c80319c", "b7ad6b7169203332");
        var (status, body) = await PostAsync(Request(bad, good).ToByteArray(), "application/x-protobuf");
        Assert.Equal(HttpStatusCode.OK, status);
        var response = ExportTraceServiceResponse.Parser.ParseFrom(body);
        Assert.Equal(1, response.PartialSuccess.RejectedSpans);
        Assert.Contains("spanId", response.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        await _server.GetJsonAsync<TraceDetail>(_server.Http, "/api/v1/traces/5af7651916cd43dd8448eb211c80319c");
    }

    [Fact]
    public async Task Post_InvalidUtf8InProtobufString_Is400()
    {
        var valid = Request(Span("6af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", name: "NAME")).ToByteArray();
        var index = valid.AsSpan().IndexOf("NAME"u8);
        valid[index] = 0xC3;
        valid[index + 1] = 0x28; // an invalid two-byte sequence
        var (status, body) = await PostAsync(valid, "application/x-protobuf");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("UTF-8", Decode(body), StringComparison.OrdinalIgnoreCase);
        await AssertNotStoredAsync("6af7651916cd43dd8448eb211c80319c");
    }

    [Fact]
    public async Task Post_InvalidUtf8InJson_Is400()
    {
        var json = Encoding.UTF8.GetBytes("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"7af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\",\"name\":\"XX\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\"}]}]}]}");
        var index = json.AsSpan().IndexOf("XX"u8);
        json[index] = 0xFF;
        var (status, _) = await PostAsync(json, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        await AssertNotStoredAsync("7af7651916cd43dd8448eb211c80319c");
    }

    [Fact]
    public async Task Post_HugeAttributeValue_RejectsTheSpanNamingTheKey()
    {
        await using var server = await RunningServer.StartAsync(s => s with { Ingest = s.Ingest with { MaxAttributeValueLength = 100, RejectAttributeValueLength = 1000 } });
        var request = Request(Span("8af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", attributeValue: new string('z', 5000)));
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        using var response = await server.Http.PostAsync("/v1/traces", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("big.attr", Decode(await response.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, byte[] Body)> PostAsync(byte[] body, string contentType, bool gzip = false)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new(contentType);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        using var response = await _server.Http.PostAsync("/v1/traces", content);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    private static string Decode(byte[] body)
    {
        try
        {
            return Google.Rpc.Status.Parser.ParseFrom(body).Message;
        }
        catch (InvalidProtocolBufferException)
        {
            return Encoding.UTF8.GetString(body);
        }
    }

    private async Task AssertStillServesAsync()
    {
        using var response = await _server.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task AssertNotStoredAsync(string traceId)
    {
        using var response = await _server.Http.GetAsync($"/api/v1/traces/{traceId}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    internal static ExportTraceServiceRequest Request(params Span[] spans)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "tests" } };
        scope.Spans.AddRange(spans);
        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "svc" } });
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(new ResourceSpans { Resource = resource, ScopeSpans = { scope } });
        return request;
    }

    internal static Span Span(string traceId, string spanId, string name = "op", string? attributeValue = null)
    {
        var now = (ulong)TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000UL;
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(traceId)),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(spanId)),
            Name = name,
            Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Internal,
            StartTimeUnixNano = now - 5_000_000,
            EndTimeUnixNano = now,
        };
        if (attributeValue is not null)
        {
            span.Attributes.Add(new KeyValue { Key = "big.attr", Value = new AnyValue { StringValue = attributeValue } });
        }

        return span;
    }
}
