using System.Globalization;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using Vigil.Core.Spans;

namespace Vigil.Ingest.Otlp;

/// <summary>Turns data points into <see cref="MetricPoint"/>s for <see cref="OtlpMetricsMapper"/>, collecting rejections. One per request.</summary>
internal sealed class MetricPointReader
{
    private const uint NoRecordedValue = (uint)DataPointFlags.NoRecordedValueMask;
    private const int MaxUnitLength = 64;

    private readonly IngestLimits _limits;
    private readonly string _projectId;

    public MetricPointReader(IngestLimits limits, string projectId)
    {
        _limits = limits;
        _projectId = projectId;
    }

    public List<MetricPoint> Points { get; } = [];
    public ErrorList Errors { get; } = new();
    public int Rejected { get; private set; }

    public void Number(Metric metric, MetricKind kind, NumberDataPoint point, bool monotonic, bool cumulative, MetricOrigin origin, MetricPath path)
    {
        if (!Common(metric, point.TimeUnixNano, point.StartTimeUnixNano, point.Flags, point.Attributes, path, out var attributes))
        {
            return;
        }

        double value;
        switch (point.ValueCase)
        {
            case NumberDataPoint.ValueOneofCase.AsDouble:
                value = point.AsDouble;
                break;
            case NumberDataPoint.ValueOneofCase.AsInt:
                value = point.AsInt;
                break;
            default:
                Reject(metric, path, "the point has no value");
                return;
        }

        if (!double.IsFinite(value))
        {
            Reject(metric, path, "the value is not a finite number");
            return;
        }

        Points.Add(Point(metric, kind, point.TimeUnixNano, point.StartTimeUnixNano, origin, attributes) with
        {
            Value = value,
            IsMonotonic = monotonic,
            IsCumulative = cumulative,
        });
    }

    public void Histogram(Metric metric, HistogramDataPoint point, bool cumulative, MetricOrigin origin, MetricPath path)
    {
        if (!Common(metric, point.TimeUnixNano, point.StartTimeUnixNano, point.Flags, point.Attributes, path, out var attributes)
            || !CountFits(metric, point.Count, path))
        {
            return;
        }

        if (point.BucketCounts.Count != 0 && point.BucketCounts.Count != point.ExplicitBounds.Count + 1)
        {
            Reject(metric, path, string.Create(CultureInfo.InvariantCulture,
                $"{point.BucketCounts.Count} bucket counts for {point.ExplicitBounds.Count} bounds (expected {point.ExplicitBounds.Count + 1})"));
            return;
        }

        var counts = new long[point.BucketCounts.Count];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = (long)Math.Min(point.BucketCounts[i], long.MaxValue);
        }

        Points.Add(Point(metric, MetricKind.Histogram, point.TimeUnixNano, point.StartTimeUnixNano, origin, attributes) with
        {
            Value = Finite(point.HasSum, point.Sum),
            IsCumulative = cumulative,
            Count = (long)point.Count,
            Min = Finite(point.HasMin, point.Min),
            Max = Finite(point.HasMax, point.Max),
            BucketBounds = [.. point.ExplicitBounds],
            BucketCounts = counts,
        });
    }

    public void Exponential(Metric metric, ExponentialHistogramDataPoint point, bool cumulative, MetricOrigin origin, MetricPath path)
    {
        if (!Common(metric, point.TimeUnixNano, point.StartTimeUnixNano, point.Flags, point.Attributes, path, out var attributes)
            || !CountFits(metric, point.Count, path))
        {
            return;
        }

        Points.Add(Point(metric, MetricKind.Histogram, point.TimeUnixNano, point.StartTimeUnixNano, origin, attributes) with
        {
            Value = Finite(point.HasSum, point.Sum),
            IsCumulative = cumulative,
            Count = (long)point.Count,
            Min = Finite(point.HasMin, point.Min),
            Max = Finite(point.HasMax, point.Max),
        });
    }

    public void Summary(Metric metric, SummaryDataPoint point, MetricOrigin origin, MetricPath path)
    {
        if (!Common(metric, point.TimeUnixNano, point.StartTimeUnixNano, point.Flags, point.Attributes, path, out var attributes)
            || !CountFits(metric, point.Count, path))
        {
            return;
        }

        Points.Add(Point(metric, MetricKind.Histogram, point.TimeUnixNano, point.StartTimeUnixNano, origin, attributes) with
        {
            Value = Finite(true, point.Sum),
            IsCumulative = true,
            Count = (long)point.Count,
        });
    }

    private MetricPoint Point(Metric metric, MetricKind kind, ulong time, ulong start, MetricOrigin origin, Dictionary<string, string> attributes) => new()
    {
        ProjectId = _projectId,
        Name = AnyValues.Truncate(metric.Name, SpanMapper.MaxNameLength),
        Unit = metric.Unit.Length == 0 ? null : AnyValues.Truncate(metric.Unit, MaxUnitLength),
        Kind = kind,
        TimeUnixNano = (long)time,
        StartUnixNano = (long)start,
        Service = origin.Service,
        Feature = origin.Feature,
        Attributes = attributes,
    };

    /// <summary>The checks every point passes; false when the point is rejected or skipped.</summary>
    private bool Common(Metric metric, ulong time, ulong start, uint flags, RepeatedField<KeyValue> source, MetricPath path, out Dictionary<string, string> attributes)
    {
        attributes = null!;
        if ((flags & NoRecordedValue) != 0)
        {
            return false;
        }

        var problem = metric.Name.Length == 0 ? "the metric has no name"
            : time == 0 ? "timeUnixNano is 0"
            : time > long.MaxValue || start > long.MaxValue ? "timeUnixNano or startTimeUnixNano is beyond the year 2262"
            : null;
        if (problem is null && ResourceAttributes.FindOversized(source, _limits.RejectAttributeValueLength) is { } oversized)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"attribute '{AnyValues.Truncate(oversized.Key, 200)}' is {oversized.Length} characters, over the limit of {_limits.RejectAttributeValueLength}");
        }

        if (problem is not null)
        {
            Reject(metric, path, problem);
            return false;
        }

        attributes = new Dictionary<string, string>(Math.Min(source.Count, _limits.MaxAttributesPerSpan), StringComparer.Ordinal);
        foreach (var pair in source)
        {
            if (pair.Key.Length is 0 or > SpanAttributes.MaxKeyLength
                || (attributes.Count >= _limits.MaxAttributesPerSpan && !attributes.ContainsKey(pair.Key))
                || AnyValues.ToText(pair.Value) is not { } text)
            {
                continue;
            }

            attributes[pair.Key] = AnyValues.Truncate(text, _limits.MaxAttributeValueLength);
        }

        return true;
    }

    private bool CountFits(Metric metric, ulong count, MetricPath path)
    {
        if (count <= long.MaxValue)
        {
            return true;
        }

        Reject(metric, path, "count is out of range");
        return false;
    }

    private static double? Finite(bool present, double value) => present && double.IsFinite(value) ? value : null;

    private void Reject(Metric metric, MetricPath path, string problem)
    {
        Rejected++;
        Errors.Add(metric.Name.Length == 0 ? $"{path}: {problem}" : $"{path} ({AnyValues.Truncate(metric.Name, 200)}): {problem}");
    }
}
