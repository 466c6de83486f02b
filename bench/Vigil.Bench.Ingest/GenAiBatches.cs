using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using Vigil.Core.Pricing;

namespace Vigil.Bench.Ingest;

/// <summary>
/// Realistic GenAI export requests: chat spans as the OpenTelemetry GenAI instrumentations emit
/// them (provider, request and response model, response id, finish reasons, token usage, request
/// parameters, server address) plus Vigil's attribution (feature, team, release, prompt version)
/// and user, session and conversation ids: 20 span attributes and 7 resource attributes.
/// Four features of three teams, four priced models of three providers, two releases, 2 % errors.
/// </summary>
internal static class GenAiBatches
{
    private static readonly (string Feature, string Team)[] Features =
    [
        ("support-chat", "support"), ("ticket-triage", "support"), ("search-answers", "search"), ("code-review", "platform"),
    ];

    private static readonly (string Provider, string Model, string Host, double MedianMs)[] Models =
    [
        (ProviderNames.OpenAI, "gpt-4o-mini", "api.openai.com", 700),
        (ProviderNames.OpenAI, "gpt-4.1", "api.openai.com", 1400),
        (ProviderNames.Anthropic, "claude-sonnet-4-5", "api.anthropic.com", 1800),
        (ProviderNames.GcpGemini, "gemini-2.5-flash", "generativelanguage.googleapis.com", 900),
    ];

    private static readonly string[] Releases = ["2026.11.1", "2026.11.2"];
    private static readonly string[] Services = ["assistant-api", "review-worker"];

    public static ExportTraceServiceRequest Create(Random random, int spans, int serviceIndex, long baseNano)
    {
        var resource = new Resource();
        resource.Attributes.Add(Text("service.name", Services[serviceIndex % Services.Length]));
        resource.Attributes.Add(Text("service.version", "3.14." + random.Next(0, 9)));
        resource.Attributes.Add(Text("deployment.environment.name", "production"));
        resource.Attributes.Add(Text("telemetry.sdk.name", "opentelemetry"));
        resource.Attributes.Add(Text("telemetry.sdk.language", "python"));
        resource.Attributes.Add(Text("telemetry.sdk.version", "1.38.0"));
        resource.Attributes.Add(Text("host.name", "ip-10-0-" + random.Next(0, 255) + "-" + random.Next(0, 255)));

        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "opentelemetry.instrumentation.openai_v2", Version = "2.1b0" } };
        for (var i = 0; i < spans; i++)
        {
            scope.Spans.Add(ChatSpan(random, baseNano + random.NextInt64(0, 1_000_000_000)));
        }

        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    private static Span ChatSpan(Random random, long startNano)
    {
        var (feature, team) = Features[random.Next(Features.Length)];
        var (provider, model, host, medianMs) = Models[random.Next(Models.Length)];
        var durationNano = (long)(LogNormal(random, medianMs, 0.6) * 1_000_000);
        var failed = random.NextDouble() < 0.02;
        var input = (long)LogNormal(random, 1_500, 0.8);
        var output = failed ? 0 : (long)LogNormal(random, 250, 0.7);
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(RandomBytes(random, 16)),
            SpanId = ByteString.CopyFrom(RandomBytes(random, 8)),
            Name = "chat " + model,
            Kind = Span.Types.SpanKind.Client,
            StartTimeUnixNano = (ulong)startNano,
            EndTimeUnixNano = (ulong)(startNano + durationNano),
            Status = failed
                ? new Status { Code = Status.Types.StatusCode.Error, Message = "Error code: 429 - rate limit exceeded" }
                : new Status { Code = Status.Types.StatusCode.Unset },
        };

        var a = span.Attributes;
        a.Add(Text("gen_ai.operation.name", "chat"));
        a.Add(Text("gen_ai.provider.name", provider));
        a.Add(Text("gen_ai.request.model", model));
        a.Add(Text("gen_ai.response.model", model));
        a.Add(Text("gen_ai.response.id", "chatcmpl-" + Convert.ToHexStringLower(RandomBytes(random, 12))));
        var reasons = new ArrayValue();
        reasons.Values.Add(new AnyValue { StringValue = failed ? "error" : random.NextDouble() < 0.9 ? "stop" : "length" });
        a.Add(new KeyValue { Key = "gen_ai.response.finish_reasons", Value = new AnyValue { ArrayValue = reasons } });
        a.Add(Number("gen_ai.usage.input_tokens", input));
        a.Add(Number("gen_ai.usage.output_tokens", output));
        a.Add(Number("gen_ai.usage.cache_read.input_tokens", random.NextDouble() < 0.4 ? input / 2 : 0));
        a.Add(new KeyValue { Key = "gen_ai.request.temperature", Value = new AnyValue { DoubleValue = Math.Round(random.NextDouble(), 1) } });
        a.Add(Number("gen_ai.request.max_tokens", 1024));
        a.Add(Text("server.address", host));
        a.Add(Number("server.port", 443));
        a.Add(Text("vigil.feature", feature));
        a.Add(Text("vigil.team", team));
        a.Add(Text("vigil.release", Releases[random.Next(Releases.Length)]));
        a.Add(Text("vigil.prompt.version", "p" + random.Next(1, 4)));
        a.Add(Text("user.id", "user-" + random.Next(0, 5_000)));
        a.Add(Text("session.id", "sess-" + Convert.ToHexStringLower(RandomBytes(random, 8))));
        a.Add(Text("gen_ai.conversation.id", "conv-" + Convert.ToHexStringLower(RandomBytes(random, 8))));
        if (failed)
        {
            a.Add(Text("error.type", "rate_limit_exceeded"));
        }

        return span;
    }

    private static double LogNormal(Random random, double median, double sigma)
    {
        // Box–Muller.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Max(1, median * Math.Exp(sigma * z));
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue Number(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };
}
