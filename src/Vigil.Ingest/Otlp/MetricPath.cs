using System.Globalization;

namespace Vigil.Ingest.Otlp;

/// <summary>Where a metric (and one of its points) sits in an export request, written as its JSON path.</summary>
internal readonly record struct MetricPath(int Resource, int Scope, int Metric, int DataPoint = -1)
{
    public MetricPath Point(int index) => this with { DataPoint = index };

    public override string ToString() => DataPoint < 0
        ? string.Create(CultureInfo.InvariantCulture, $"resourceMetrics[{Resource}].scopeMetrics[{Scope}].metrics[{Metric}]")
        : string.Create(CultureInfo.InvariantCulture, $"resourceMetrics[{Resource}].scopeMetrics[{Scope}].metrics[{Metric}].dataPoints[{DataPoint}]");
}

/// <summary>The service and feature of a resource's metrics.</summary>
internal sealed record MetricOrigin(string Service, string Feature);
