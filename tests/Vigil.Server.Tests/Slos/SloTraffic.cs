using System.Globalization;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Vigil.Server.Tests.Slos;

/// <summary>One span as the SLO tests describe it: GenAI conventions and Vigil's attribution attributes.</summary>
internal sealed record SpanSpec
{
    public required string TraceId { get; init; }
    public required string SpanId { get; init; }
    public string? ParentSpanId { get; init; }
    public required DateTimeOffset Start { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromMilliseconds(100);
    public required string Feature { get; init; }
    public string? Stage { get; init; }
    public string? Operation { get; init; }
    public string? Provider { get; init; }
    public string? Model { get; init; }
    public string? Segment { get; init; }
    public string? UserId { get; init; }
    public int? InputTokens { get; init; }
    public int? OutputTokens { get; init; }
    public bool Failed { get; init; }
    public bool? CacheHit { get; init; }
    public IReadOnlyList<(string Name, double? Score, string? Label)> Evaluations { get; init; } = [];
}

/// <summary>Builds OTLP export requests from <see cref="SpanSpec"/>s, as an instrumented application would send them.</summary>
internal static class SloTraffic
{
    private static int s_ids;

    public static string NewTraceId() => Interlocked.Increment(ref s_ids).ToString("x32", CultureInfo.InvariantCulture);

    public static string NewSpanId() => Interlocked.Increment(ref s_ids).ToString("x16", CultureInfo.InvariantCulture);

    public static ExportTraceServiceRequest Request(IEnumerable<SpanSpec> specs)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "slo-tests" } };
        scope.Spans.AddRange(specs.Select(Span));
        var resource = new Resource();
        resource.Attributes.Add(Attribute("service.name", "acme"));
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(new ResourceSpans { Resource = resource, ScopeSpans = { scope } });
        return request;
    }

    public static async Task PostAsync(HttpClient client, IEnumerable<SpanSpec> specs)
    {
        using var content = new ByteArrayContent(Request(specs).ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        using var response = await client.PostAsync("/v1/traces", content);
        Assert.True(response.IsSuccessStatusCode, $"export answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static Span Span(SpanSpec spec)
    {
        var start = (ulong)spec.Start.ToUnixTimeMilliseconds() * 1_000_000UL;
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(spec.TraceId)),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(spec.SpanId)),
            Name = spec.Operation ?? spec.Stage ?? spec.Feature,
            Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Internal,
            StartTimeUnixNano = start,
            EndTimeUnixNano = start + (ulong)(spec.Duration.Ticks * 100),
            Status = new Status { Code = spec.Failed ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Ok },
        };
        if (spec.ParentSpanId is { } parent)
        {
            span.ParentSpanId = ByteString.CopyFrom(Convert.FromHexString(parent));
        }

        span.Attributes.Add(Attribute("vigil.feature", spec.Feature));
        Add(span, "vigil.stage", spec.Stage);
        Add(span, "gen_ai.operation.name", spec.Operation);
        Add(span, "gen_ai.provider.name", spec.Provider);
        Add(span, "gen_ai.request.model", spec.Model);
        Add(span, "vigil.segment", spec.Segment);
        Add(span, "user.id", spec.UserId);
        if (spec.InputTokens is { } input)
        {
            span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.input_tokens", Value = new AnyValue { IntValue = input } });
        }

        if (spec.OutputTokens is { } output)
        {
            span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.output_tokens", Value = new AnyValue { IntValue = output } });
        }

        if (spec.CacheHit is { } hit)
        {
            span.Attributes.Add(new KeyValue { Key = "vigil.cache.hit", Value = new AnyValue { BoolValue = hit } });
        }

        foreach (var (name, score, label) in spec.Evaluations)
        {
            var evaluation = new Span.Types.Event { Name = "gen_ai.evaluation.result", TimeUnixNano = span.EndTimeUnixNano };
            evaluation.Attributes.Add(Attribute("gen_ai.evaluation.name", name));
            if (score is { } value)
            {
                evaluation.Attributes.Add(new KeyValue { Key = "gen_ai.evaluation.score.value", Value = new AnyValue { DoubleValue = value } });
            }

            if (label is not null)
            {
                evaluation.Attributes.Add(Attribute("gen_ai.evaluation.score.label", label));
            }

            span.Events.Add(evaluation);
        }

        return span;
    }

    private static void Add(Span span, string key, string? value)
    {
        if (value is not null)
        {
            span.Attributes.Add(Attribute(key, value));
        }
    }

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
