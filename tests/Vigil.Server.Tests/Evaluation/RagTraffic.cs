using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Vigil.Server.Tests.Evaluation;

/// <summary>One RAG request as an instrumented application exports it: root, retrieval with documents, chat with messages.</summary>
internal sealed record RagTrace(string TraceId, string Answer, string? Segment = null, string? Release = null, string Question = "How long do refunds take?")
{
    public static readonly (string Id, string Content)[] Documents =
    [
        ("kb-0001", "Refunds are issued within 14 days of the return."),
        ("kb-0002", "The Pro plan includes 5 seats."),
    ];

    public string GenerationSpanId { get; } = RagTraffic.NewSpanId();
}

internal static class RagTraffic
{
    private static int s_ids = 0x5000;

    public static string NewTraceId() => Interlocked.Increment(ref s_ids).ToString("x32", CultureInfo.InvariantCulture);

    public static string NewSpanId() => Interlocked.Increment(ref s_ids).ToString("x16", CultureInfo.InvariantCulture);

    public static async Task PostAsync(HttpClient client, string feature, DateTimeOffset start, IEnumerable<RagTrace> traces)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "online-eval-tests" } };
        foreach (var trace in traces)
        {
            scope.Spans.AddRange(Spans(feature, start, trace));
        }

        var resource = new Resource();
        resource.Attributes.Add(Attr("service.name", "acme"));
        var request = new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = resource, ScopeSpans = { scope } } } };
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        using var response = await client.PostAsync("/v1/traces", content);
        Assert.True(response.IsSuccessStatusCode, $"export answered {(int)response.StatusCode}");
    }

    private static IEnumerable<Span> Spans(string feature, DateTimeOffset start, RagTrace trace)
    {
        var rootId = NewSpanId();
        var root = NewSpan(trace.TraceId, rootId, null, feature, start, 900);
        Add(root, "vigil.segment", trace.Segment);
        Add(root, "vigil.release", trace.Release);
        var retrieval = NewSpan(trace.TraceId, NewSpanId(), rootId, feature, start, 50);
        Add(retrieval, "gen_ai.operation.name", "retrieval");
        Add(retrieval, "gen_ai.retrieval.query.text", trace.Question);
        Add(retrieval, "gen_ai.retrieval.documents", JsonSerializer.Serialize(RagTrace.Documents.Select(d => new { id = d.Id, score = 0.9, content = d.Content })));
        var chat = NewSpan(trace.TraceId, trace.GenerationSpanId, rootId, feature, start.AddMilliseconds(60), 800);
        Add(chat, "gen_ai.operation.name", "chat");
        Add(chat, "gen_ai.provider.name", "openai");
        Add(chat, "gen_ai.request.model", "gpt-4o-mini");
        Add(chat, "gen_ai.input.messages", Messages(("system", "Cite documents as [kb-0001]."), ("user", trace.Question)));
        Add(chat, "gen_ai.output.messages", Messages(("assistant", trace.Answer)));
        return [root, retrieval, chat];
    }

    private static string Messages(params (string Role, string Text)[] messages) =>
        JsonSerializer.Serialize(messages.Select(m => new { role = m.Role, parts = new[] { new { type = "text", content = m.Text } } }));

    private static Span NewSpan(string traceId, string spanId, string? parent, string feature, DateTimeOffset start, int ms)
    {
        var startNano = (ulong)start.ToUnixTimeMilliseconds() * 1_000_000UL;
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(traceId)),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(spanId)),
            Name = parent is null ? feature : "child",
            Kind = Span.Types.SpanKind.Internal,
            StartTimeUnixNano = startNano,
            EndTimeUnixNano = startNano + ((ulong)ms * 1_000_000UL),
            Status = new Status { Code = Status.Types.StatusCode.Ok },
        };
        if (parent is not null)
        {
            span.ParentSpanId = ByteString.CopyFrom(Convert.FromHexString(parent));
        }

        span.Attributes.Add(Attr("vigil.feature", feature));
        return span;
    }

    private static void Add(Span span, string key, string? value)
    {
        if (value is not null)
        {
            span.Attributes.Add(Attr(key, value));
        }
    }

    private static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
