using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using Vigil.Simulator.Application;
using Vigil.Simulator.Faults;
using Vigil.Simulator.Telemetry;

namespace Vigil.Simulator.Run;

/// <summary>
/// The RAG index's health as the application reports it each minute over OTLP metrics: documents,
/// vectors, bytes (gauges) and re-embedded vectors (a cumulative sum). An <c>index_bloat</c> fault
/// grows vectors and bytes while the document count stays put.
/// </summary>
public sealed class IndexMetrics(FaultSchedule faults, int documents, DateTimeOffset start)
{
    private const int ChunksPerDocument = 12;
    private const int BytesPerVector = 1536 * 4;
    private double _reembedded;

    public ExportMetricsServiceRequest At(DateTimeOffset now)
    {
        var (sizeFactor, reembedPerHour) = faults.IndexState(now, Catalog.SupportIndex);
        _reembedded += reembedPerHour / 60 * documents;
        var vectors = documents * ChunksPerDocument * sizeFactor;
        var time = OtlpRequestBuilder.Nanos(now);
        var attributes = new[] { Attribute("gen_ai.data_source.id", Catalog.SupportIndex), Attribute("vigil.feature", "support-chat") };
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = OtlpRequestBuilder.ScopeName } };
        scope.Metrics.Add(Gauge("vigil.rag.index.documents", "{document}", documents, time, attributes));
        scope.Metrics.Add(Gauge("vigil.rag.index.vectors", "{vector}", Math.Round(vectors), time, attributes));
        scope.Metrics.Add(Gauge("vigil.rag.index.size", "By", Math.Round(vectors * BytesPerVector), time, attributes));
        var reembedded = new Metric
        {
            Name = "vigil.rag.index.reembedded",
            Unit = "{vector}",
            Sum = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative },
        };
        reembedded.Sum.DataPoints.Add(Point(Math.Round(_reembedded), time, OtlpRequestBuilder.Nanos(start), attributes));
        scope.Metrics.Add(reembedded);
        var resource = new Resource();
        resource.Attributes.Add(Attribute("service.name", Catalog.Application));
        return new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = resource, ScopeMetrics = { scope } } } };
    }

    private static Metric Gauge(string name, string unit, double value, ulong time, KeyValue[] attributes)
    {
        var metric = new Metric { Name = name, Unit = unit, Gauge = new Gauge() };
        metric.Gauge.DataPoints.Add(Point(value, time, 0, attributes));
        return metric;
    }

    private static NumberDataPoint Point(double value, ulong time, ulong start, KeyValue[] attributes)
    {
        var point = new NumberDataPoint { AsDouble = value, TimeUnixNano = time, StartTimeUnixNano = start };
        point.Attributes.AddRange(attributes);
        return point;
    }

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
