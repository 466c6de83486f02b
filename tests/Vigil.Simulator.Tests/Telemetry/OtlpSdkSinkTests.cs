using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Vigil.Simulator.Faults;
using Vigil.Simulator.Run;
using Vigil.Simulator.Telemetry;
using OtlpSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace Vigil.Simulator.Tests.Telemetry;

/// <summary>
/// <see cref="OtlpSdkSink"/> against a stub transport: what the OpenTelemetry SDK puts on the wire
/// for simulated spans (compared with the in-process request), the ids, the headers, and what
/// happens when Vigil is overloaded or refuses.
/// </summary>
public sealed class OtlpSdkSinkTests
{
    private static readonly Uri Vigil = new("http://vigil.test:4318");
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string Key = "vk_0a1b2c3d4e5f_Zm9vYmFyYmF6";

    [Fact]
    public async Task Send_PutsEachSpanOnTheWireAsTheInProcessRequestHasIt_ButForSpanIds()
    {
        using var transport = new StubTransport();
        var trace = SampleTrace();
        await using (var sink = new OtlpSdkSink(Vigil, Key, transport, new RecordingTime(), TimeSpan.FromMinutes(1)))
        {
            await sink.SendAsync([trace], CancellationToken.None);
        }

        var request = Assert.Single(transport.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri("http://vigil.test:4318/v1/traces"), request.Uri);
        Assert.Equal("Bearer " + Key, request.Authorization);
        Assert.Equal("application/x-protobuf", request.ContentType);

        var sent = ExportTraceServiceRequest.Parser.ParseFrom(request.Body);
        var expected = OtlpRequestBuilder.Build([trace]);
        var resource = Assert.Single(sent.ResourceSpans);
        Assert.Equal(expected.ResourceSpans[0].Resource.Attributes.OrderBy(a => a.Key), resource.Resource.Attributes.OrderBy(a => a.Key));
        var scope = Assert.Single(resource.ScopeSpans);
        Assert.Equal(OtlpRequestBuilder.ScopeName, scope.Scope.Name);
        Assert.Equal(string.Empty, scope.Scope.Version);

        var byName = scope.Spans.ToDictionary(s => s.Name);
        Assert.Equal(expected.ResourceSpans[0].ScopeSpans[0].Spans.Count, byName.Count);
        foreach (var want in expected.ResourceSpans[0].ScopeSpans[0].Spans)
        {
            Assert.Equal(WithoutIds(want), WithoutIds(byName[want.Name]));
        }

        // The SDK drew its own span ids; each parent id names the id its parent got.
        Assert.Equal(4, scope.Spans.Select(s => s.SpanId).Distinct().Count());
        Assert.All(scope.Spans, s => Assert.Equal(8, s.SpanId.Length));
        Assert.True(byName["support-chat"].ParentSpanId.IsEmpty);
        Assert.Equal(byName["support-chat"].SpanId, byName["chat gpt-4o"].ParentSpanId);
        Assert.Equal(byName["chat gpt-4o"].SpanId, byName["execute_tool lookup"].ParentSpanId);
        Assert.Equal("1111111111111111", Convert.ToHexStringLower(byName["orphan"].ParentSpanId.Span));
        Assert.All(scope.Spans, s => Assert.Equal(TraceId, Convert.ToHexStringLower(s.TraceId.Span)));
    }

    [Fact]
    public async Task Send_WhenVigilIsOverloaded_WaitsAsToldAndSendsTheSameSpansAgain()
    {
        using var transport = new StubTransport();
        transport.Answer(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(2));
        transport.Answer(HttpStatusCode.ServiceUnavailable);
        var time = new RecordingTime();
        await using var sink = new OtlpSdkSink(Vigil, null, transport, time, TimeSpan.FromMinutes(1));

        await sink.SendAsync([SampleTrace()], CancellationToken.None);

        Assert.Equal(3, transport.Requests.Count);
        Assert.All(transport.Requests, r => Assert.Equal(transport.Requests[0].Body, r.Body));
        Assert.All(transport.Requests, r => Assert.Null(r.Authorization));
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(200)], time.Waits);
    }

    [Fact]
    public async Task Send_WhenVigilRefuses_ThrowsWithVigilsMessage()
    {
        using var transport = new StubTransport();
        transport.Answer(HttpStatusCode.BadRequest, message: "nothing in the request was valid");
        await using var sink = new OtlpSdkSink(Vigil, Key, transport, new RecordingTime(), TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.SendAsync([SampleTrace()], CancellationToken.None));

        Assert.Single(transport.Requests);
        Assert.Contains("did not acknowledge 4 simulated spans", error.Message, StringComparison.Ordinal);
        Assert.Contains("/v1/traces", error.Message, StringComparison.Ordinal);
        Assert.Contains("400 Bad Request: nothing in the request was valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WhenVigilStaysOverloadedBeyondTheBudget_Throws()
    {
        using var transport = new StubTransport();
        transport.Answer(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(5), message: "the write queue is full");
        var time = new RecordingTime();
        await using var sink = new OtlpSdkSink(Vigil, null, transport, time, TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.SendAsync([SampleTrace()], CancellationToken.None));

        Assert.Contains("429 Too Many Requests: the write queue is full", error.Message, StringComparison.Ordinal);
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task SendMetrics_PostsTheRequestAsProtobuf_RetryingWhenVigilIsUnavailable()
    {
        using var transport = new StubTransport();
        transport.Answer(HttpStatusCode.ServiceUnavailable, retryAfter: TimeSpan.FromSeconds(1));
        var time = new RecordingTime();
        var metrics = new IndexMetrics(new FaultSchedule([], T0), 40, T0).At(T0 + TimeSpan.FromMinutes(1));
        await using var sink = new OtlpSdkSink(Vigil, Key, transport, time, TimeSpan.FromMinutes(1));

        await sink.SendMetricsAsync(metrics, CancellationToken.None);

        Assert.Equal(2, transport.Requests.Count);
        Assert.All(transport.Requests, r =>
        {
            Assert.Equal(new Uri("http://vigil.test:4318/v1/metrics"), r.Uri);
            Assert.Equal("Bearer " + Key, r.Authorization);
            Assert.Equal("application/x-protobuf", r.ContentType);
            Assert.Equal(metrics, ExportMetricsServiceRequest.Parser.ParseFrom(r.Body));
        });
        Assert.Equal([TimeSpan.FromSeconds(1)], time.Waits);
    }

    [Fact]
    public async Task SendMetrics_WhenVigilRefuses_ThrowsWithVigilsMessage()
    {
        using var transport = new StubTransport();
        transport.Answer(HttpStatusCode.Unauthorized, message: "the API key is unknown or revoked");
        await using var sink = new OtlpSdkSink(Vigil, Key, transport, new RecordingTime(), TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            sink.SendMetricsAsync(new IndexMetrics(new FaultSchedule([], T0), 40, T0).At(T0), CancellationToken.None));

        Assert.Contains("401 Unauthorized: the API key is unknown or revoked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoSinks_InOneProcess_EachExportOnlyTheirOwnSpans()
    {
        // Both sources are named vigil.simulator, so each provider's listener sees the other's activities.
        using var first = new StubTransport();
        using var second = new StubTransport();
        await using var a = new OtlpSdkSink(Vigil, null, first, new RecordingTime(), TimeSpan.FromMinutes(1));
        await using var b = new OtlpSdkSink(Vigil, null, second, new RecordingTime(), TimeSpan.FromMinutes(1));

        await a.SendAsync([SampleTrace()], CancellationToken.None);
        await b.SendAsync([SampleTrace("1bf7651916cd43dd8448eb211c80319c")], CancellationToken.None);

        Assert.Equal([TraceId], TraceIds(Assert.Single(first.Requests)));
        Assert.Equal(["1bf7651916cd43dd8448eb211c80319c"], TraceIds(Assert.Single(second.Requests)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("vk_a,b")]
    [InlineData("vk_a b")]
    public void AnApiKeyThatCannotBeAHeaderValue_IsRefused(string key) =>
        Assert.Throws<ArgumentException>(() => new OtlpSdkSink(Vigil, key));

    private static string[] TraceIds(Recorded request) =>
        ExportTraceServiceRequest.Parser.ParseFrom(request.Body).ResourceSpans
            .SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans)
            .Select(s => Convert.ToHexStringLower(s.TraceId.Span)).Distinct().ToArray();

    /// <summary>A span without its ids and W3C flags, and with an unset empty status read as no status (the SDK omits it).</summary>
    private static OtlpSpan WithoutIds(OtlpSpan span)
    {
        var copy = span.Clone();
        copy.SpanId = ByteString.Empty;
        copy.ParentSpanId = ByteString.Empty;
        copy.Flags = 0;
        if (copy.Status is { Code: OpenTelemetry.Proto.Trace.V1.Status.Types.StatusCode.Unset, Message.Length: 0 })
        {
            copy.Status = null;
        }

        return copy;
    }

    /// <summary>
    /// Four spans, listed children first: a server root with attributes of every supported type and
    /// an evaluation event, a failed client call under it, a tool call under that, and a span whose
    /// parent is not in the trace.
    /// </summary>
    private static SimTrace SampleTrace(string traceId = TraceId)
    {
        var root = new SimSpan { TraceId = traceId, SpanId = "b7ad6b7169203331", Name = "support-chat", Kind = ActivityKind.Server, Start = T0, End = T0.AddMilliseconds(1500) }
            .Set("vigil.feature", "support-chat")
            .Set("vigil.cache.hit", false)
            .Set("gen_ai.usage.input_tokens", 1200L)
            .Set("attempts", 3)
            .Set("gen_ai.request.temperature", 0.2)
            .Set("gen_ai.response.finish_reasons", new[] { "stop", "length" });
        root.Events.Add(new SimEvent("gen_ai.evaluation.result", T0.AddMilliseconds(1499.5),
            [new("gen_ai.evaluation.name", "user_feedback"), new("gen_ai.evaluation.score.value", 1.0), new("gen_ai.evaluation.score.label", "thumbs_up")]));
        var call = new SimSpan
        {
            TraceId = traceId, SpanId = "00f067aa0ba902b7", ParentSpanId = root.SpanId, Name = "chat gpt-4o", Kind = ActivityKind.Client,
            Start = T0.AddMilliseconds(10.25), End = T0.AddTicks(14_001_234), IsError = true, StatusMessage = "rate limited by openai",
        }.Set("error.type", "429");
        var tool = new SimSpan
        {
            TraceId = traceId, SpanId = "53995c3f42cd8ad8", ParentSpanId = call.SpanId, Name = "execute_tool lookup", Start = T0.AddMilliseconds(20), End = T0.AddMilliseconds(30),
        }.Set("gen_ai.operation.name", "execute_tool");
        var orphan = new SimSpan
        {
            TraceId = traceId, SpanId = "c0ffee00c0ffee00", ParentSpanId = "1111111111111111", Name = "orphan", Kind = ActivityKind.Consumer, Start = T0, End = T0.AddSeconds(1),
        };
        return new SimTrace("support-chat", [tool, call, root, orphan]);
    }

    internal sealed record Recorded(HttpMethod Method, Uri? Uri, string? Authorization, string? ContentType, byte[] Body);

    /// <summary>Records every request and answers from a queue (then 200 with an empty OTLP response).</summary>
    private sealed class StubTransport : HttpMessageHandler
    {
        private readonly Queue<(HttpStatusCode Status, TimeSpan? RetryAfter, string? Message)> _answers = new();
        private readonly Lock _lock = new();

        public List<Recorded> Requests { get; } = [];

        public void Answer(HttpStatusCode status, TimeSpan? retryAfter = null, string? message = null) => _answers.Enqueue((status, retryAfter, message));

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var body = new MemoryStream();
            request.Content!.CopyTo(body, null, cancellationToken); // serialises again, as a real transport does on each send
            lock (_lock)
            {
                Requests.Add(new Recorded(request.Method, request.RequestUri, request.Headers.Authorization?.ToString(), request.Content.Headers.ContentType?.MediaType, body.ToArray()));
                var (status, retryAfter, message) = _answers.TryDequeue(out var answer) ? answer : (HttpStatusCode.OK, null, null);
                var payload = message is null ? [] : new Google.Rpc.Status { Code = 14, Message = message }.ToByteArray();
                var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(payload), RequestMessage = request };
                response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                if (retryAfter is { } delay)
                {
                    response.Headers.RetryAfter = new RetryConditionHeaderValue(delay);
                }

                return response;
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }

    /// <summary>Real time whose timers fire at once, remembering how long each was asked to wait.</summary>
    private sealed class RecordingTime : TimeProvider
    {
        private readonly Lock _lock = new();
        private readonly List<TimeSpan> _waits = [];

        public IReadOnlyList<TimeSpan> Waits
        {
            get
            {
                lock (_lock)
                {
                    return [.. _waits];
                }
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_lock)
            {
                _waits.Add(dueTime);
            }

            return System.CreateTimer(callback, state, TimeSpan.Zero, period);
        }
    }
}
