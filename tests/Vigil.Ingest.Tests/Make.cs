using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using OtlpEvent = OpenTelemetry.Proto.Trace.V1.Span.Types.Event;
using OtlpSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace Vigil.Ingest.Tests;

/// <summary>Concise OTLP requests for tests: valid ids and times unless a test breaks them on purpose.</summary>
internal static class Make
{
    /// <summary>2025-10-09T08:53:20Z in nanoseconds.</summary>
    public const ulong Start = 1_760_000_000_000_000_000;

    public const ulong Duration = 1_500_000_000;

    public const string Service = "checkout-api";

    private static int _nextId;

    public static DateTimeOffset StartTime => DateTimeOffset.UnixEpoch.AddTicks((long)(Start / 100));

    /// <summary>A client span with fresh ids, started at <see cref="Start"/>, lasting 1.5 s.</summary>
    public static OtlpSpan Span(params (string Key, object Value)[] attributes)
    {
        var seed = Interlocked.Increment(ref _nextId);
        var span = new OtlpSpan
        {
            TraceId = Id(16, seed),
            SpanId = Id(8, seed),
            ParentSpanId = Id(8, seed + 1_000_000),
            Name = "chat gpt-4o",
            Kind = OtlpSpan.Types.SpanKind.Client,
            StartTimeUnixNano = Start,
            EndTimeUnixNano = Start + Duration,
        };
        span.Attributes.Add(Attributes(attributes));
        return span;
    }

    /// <summary>The same span as a root (no parent).</summary>
    public static OtlpSpan Root(OtlpSpan span, OtlpSpan.Types.SpanKind kind)
    {
        span.ParentSpanId = ByteString.Empty;
        span.Kind = kind;
        return span;
    }

    public static OtlpSpan WithEvents(this OtlpSpan span, params OtlpEvent[] events)
    {
        span.Events.Add(events);
        return span;
    }

    public static OtlpEvent Event(string name, params (string Key, object Value)[] attributes)
    {
        var @event = new OtlpEvent { Name = name, TimeUnixNano = Start + 1000 };
        @event.Attributes.Add(Attributes(attributes));
        return @event;
    }

    /// <summary>A request with one resource (<c>service.name</c> = <see cref="Service"/>) and one scope holding the spans.</summary>
    public static ExportTraceServiceRequest Traces(params OtlpSpan[] spans) => Traces(Resource(("service.name", Service)), spans);

    public static ExportTraceServiceRequest Traces(Resource resource, params OtlpSpan[] spans)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "test.instrumentation", Version = "1.2.3" } };
        scope.Spans.Add(spans);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    public static Resource Resource(params (string Key, object Value)[] attributes)
    {
        var resource = new Resource();
        resource.Attributes.Add(Attributes(attributes));
        return resource;
    }

    public static ExportMetricsServiceRequest Metrics(Resource resource, params Metric[] metrics)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "test.metrics" } };
        scope.Metrics.Add(metrics);
        var resourceMetrics = new ResourceMetrics { Resource = resource };
        resourceMetrics.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resourceMetrics);
        return request;
    }

    public static NumberDataPoint Point(double value, params (string Key, object Value)[] attributes)
    {
        var point = new NumberDataPoint { AsDouble = value, TimeUnixNano = Start, StartTimeUnixNano = Start - Duration };
        point.Attributes.Add(Attributes(attributes));
        return point;
    }

    public static IEnumerable<KeyValue> Attributes((string Key, object Value)[] attributes)
    {
        foreach (var (key, value) in attributes)
        {
            yield return new KeyValue { Key = key, Value = Value(value) };
        }
    }

    public static AnyValue Value(object value)
    {
        switch (value)
        {
            case AnyValue any:
                return any;
            case string text:
                return new AnyValue { StringValue = text };
            case bool flag:
                return new AnyValue { BoolValue = flag };
            case int number:
                return new AnyValue { IntValue = number };
            case long number:
                return new AnyValue { IntValue = number };
            case double number:
                return new AnyValue { DoubleValue = number };
            case byte[] bytes:
                return new AnyValue { BytesValue = ByteString.CopyFrom(bytes) };
            case object[] items:
                var array = new ArrayValue();
                array.Values.Add(items.Select(Value));
                return new AnyValue { ArrayValue = array };
            case (string Key, object Value)[] pairs:
                var list = new KeyValueList();
                list.Values.Add(Attributes(pairs));
                return new AnyValue { KvlistValue = list };
            default:
                throw new ArgumentException($"no AnyValue for {value.GetType()}", nameof(value));
        }
    }

    /// <summary>A deterministic non-zero id of <paramref name="length"/> bytes.</summary>
    public static ByteString Id(int length, int seed)
    {
        var bytes = new byte[length];
        BitConverter.TryWriteBytes(bytes.AsSpan(length - 4), seed);
        bytes[0] = 0xA1;
        return ByteString.CopyFrom(bytes);
    }
}
