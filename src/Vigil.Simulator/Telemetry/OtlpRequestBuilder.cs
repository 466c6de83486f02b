using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using OtlpSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace Vigil.Simulator.Telemetry;

/// <summary>Simulated spans as the OTLP export request an SDK would send (resource <c>service.name = acme</c>).</summary>
public static class OtlpRequestBuilder
{
    public const string ScopeName = "vigil.simulator";

    public static ExportTraceServiceRequest Build(IEnumerable<SimTrace> traces)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = ScopeName } };
        foreach (var span in traces.SelectMany(t => t.Spans))
        {
            scope.Spans.Add(ToOtlp(span));
        }

        var resource = new Resource();
        resource.Attributes.Add(KeyValue("service.name", Application.Catalog.Application));
        resource.Attributes.Add(KeyValue("deployment.environment.name", "production"));
        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = resource, ScopeSpans = { scope } } } };
    }

    private static OtlpSpan ToOtlp(SimSpan span)
    {
        var otlp = new OtlpSpan
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(span.TraceId)),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(span.SpanId)),
            Name = span.Name,
            Kind = span.Kind switch
            {
                System.Diagnostics.ActivityKind.Server => OtlpSpan.Types.SpanKind.Server,
                System.Diagnostics.ActivityKind.Client => OtlpSpan.Types.SpanKind.Client,
                System.Diagnostics.ActivityKind.Producer => OtlpSpan.Types.SpanKind.Producer,
                System.Diagnostics.ActivityKind.Consumer => OtlpSpan.Types.SpanKind.Consumer,
                _ => OtlpSpan.Types.SpanKind.Internal,
            },
            StartTimeUnixNano = Nanos(span.Start),
            EndTimeUnixNano = Nanos(span.End),
            Status = new Status
            {
                Code = span.IsError ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset,
                Message = span.StatusMessage ?? string.Empty,
            },
        };
        if (span.ParentSpanId is not null)
        {
            otlp.ParentSpanId = ByteString.CopyFrom(Convert.FromHexString(span.ParentSpanId));
        }

        otlp.Attributes.AddRange(span.Attributes.Select(a => KeyValue(a.Key, a.Value)));
        foreach (var e in span.Events)
        {
            var otlpEvent = new OtlpSpan.Types.Event { Name = e.Name, TimeUnixNano = Nanos(e.Time) };
            otlpEvent.Attributes.AddRange(e.Attributes.Select(a => KeyValue(a.Key, a.Value)));
            otlp.Events.Add(otlpEvent);
        }

        return otlp;
    }

    public static ulong Nanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100UL;

    private static KeyValue KeyValue(string key, object value) => new() { Key = key, Value = Value(value) };

    private static AnyValue Value(object value) => value switch
    {
        string s => new AnyValue { StringValue = s },
        bool b => new AnyValue { BoolValue = b },
        int i => new AnyValue { IntValue = i },
        long l => new AnyValue { IntValue = l },
        double d => new AnyValue { DoubleValue = d },
        string[] list => new AnyValue { ArrayValue = new ArrayValue { Values = { list.Select(x => new AnyValue { StringValue = x }) } } },
        _ => throw new ArgumentException($"unsupported attribute value type {value.GetType().Name}", nameof(value)),
    };
}
