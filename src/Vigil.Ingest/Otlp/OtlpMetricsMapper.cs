using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Metrics.V1;
using Vigil.Core.Spans;
using Vigil.Ingest.GenAi;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// Maps an OTLP metrics export to <see cref="MetricPoint"/>s, one per data point. Service and
/// feature come from the resource (<c>vigil.feature</c>, falling back to <c>service.name</c>, then
/// "unknown_service"); point attributes become strings under the span attribute limits.
/// <list type="bullet">
/// <item>Gauges and sums: the value (<c>as_double</c> or <c>as_int</c>); sums keep monotonicity and temporality.</item>
/// <item>Histograms: count, sum (as <see cref="MetricPoint.Value"/>), min, max, explicit bounds and bucket counts.</item>
/// <item>Exponential histograms: count, sum, min and max only, as <see cref="MetricKind.Histogram"/>;
/// their base-2 buckets are not kept (Vigil's model has explicit bounds only).</item>
/// <item>Summaries: count and sum only, as <see cref="MetricKind.Histogram"/>; quantiles are not kept.</item>
/// </list>
/// A point is rejected (and counted) when its time is 0, it has no or a non-finite value, its
/// histogram buckets do not match its bounds, or an attribute is over the rejection length. Points
/// flagged "no recorded value" are staleness markers and are skipped without counting.
/// </summary>
public sealed class OtlpMetricsMapper
{
    private readonly IngestLimits _limits;

    public OtlpMetricsMapper(IngestLimits limits)
    {
        _limits = limits;
    }

    public MappedMetrics Map(ExportMetricsServiceRequest request, string projectId)
    {
        var reader = new MetricPointReader(_limits, projectId);
        for (var r = 0; r < request.ResourceMetrics.Count; r++)
        {
            var resourceMetrics = request.ResourceMetrics[r];
            var resource = new ResourceAttributes(resourceMetrics.Resource?.Attributes, _limits.RejectAttributeValueLength);
            var service = Text(resource, GenAiAttributes.ServiceName, _limits) ?? SpanMapper.UnknownService;
            var origin = new MetricOrigin(service, Text(resource, GenAiAttributes.Feature, _limits) ?? service);
            for (var s = 0; s < resourceMetrics.ScopeMetrics.Count; s++)
            {
                var metrics = resourceMetrics.ScopeMetrics[s].Metrics;
                for (var m = 0; m < metrics.Count; m++)
                {
                    MapMetric(reader, metrics[m], origin, new MetricPath(r, s, m));
                }
            }
        }

        return new MappedMetrics(reader.Points, reader.Rejected, reader.Errors.ToList());
    }

    private static void MapMetric(MetricPointReader reader, Metric metric, MetricOrigin origin, MetricPath path)
    {
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                for (var p = 0; p < metric.Gauge.DataPoints.Count; p++)
                {
                    reader.Number(metric, MetricKind.Gauge, metric.Gauge.DataPoints[p], false, false, origin, path.Point(p));
                }

                break;
            case Metric.DataOneofCase.Sum:
                var cumulative = metric.Sum.AggregationTemporality == AggregationTemporality.Cumulative;
                for (var p = 0; p < metric.Sum.DataPoints.Count; p++)
                {
                    reader.Number(metric, MetricKind.Sum, metric.Sum.DataPoints[p], metric.Sum.IsMonotonic, cumulative, origin, path.Point(p));
                }

                break;
            case Metric.DataOneofCase.Histogram:
                var histogramCumulative = metric.Histogram.AggregationTemporality == AggregationTemporality.Cumulative;
                for (var p = 0; p < metric.Histogram.DataPoints.Count; p++)
                {
                    reader.Histogram(metric, metric.Histogram.DataPoints[p], histogramCumulative, origin, path.Point(p));
                }

                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                var exponentialCumulative = metric.ExponentialHistogram.AggregationTemporality == AggregationTemporality.Cumulative;
                for (var p = 0; p < metric.ExponentialHistogram.DataPoints.Count; p++)
                {
                    reader.Exponential(metric, metric.ExponentialHistogram.DataPoints[p], exponentialCumulative, origin, path.Point(p));
                }

                break;
            case Metric.DataOneofCase.Summary:
                for (var p = 0; p < metric.Summary.DataPoints.Count; p++)
                {
                    reader.Summary(metric, metric.Summary.DataPoints[p], origin, path.Point(p));
                }

                break;
            default:
                reader.Errors.Add($"{path} ({AnyValues.Truncate(metric.Name, 200)}): metric has no data; ignored");
                break;
        }
    }

    private static string? Text(ResourceAttributes resource, string key, IngestLimits limits) =>
        AnyValues.ToText(resource.Find(key)) is { Length: > 0 } text ? AnyValues.Truncate(text, limits.MaxAttributeValueLength) : null;
}
