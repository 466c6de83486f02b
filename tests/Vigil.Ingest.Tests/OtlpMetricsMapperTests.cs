using OpenTelemetry.Proto.Metrics.V1;
using Vigil.Core.Spans;
using Vigil.Ingest.Otlp;

namespace Vigil.Ingest.Tests;

public sealed class OtlpMetricsMapperTests
{
    private static readonly OpenTelemetry.Proto.Resource.V1.Resource Indexer =
        Make.Resource(("service.name", "rag-indexer"), ("vigil.feature", "search"));

    private static MappedMetrics Map(params Metric[] metrics) =>
        new OtlpMetricsMapper(new IngestLimits()).Map(Make.Metrics(Indexer, metrics), Ingest.Project);

    [Fact]
    public void Map_Gauge_GivesOnePointPerDataPoint()
    {
        var gauge = new Metric { Name = "rag.index.size", Unit = "By", Gauge = new Gauge() };
        gauge.Gauge.DataPoints.Add(Make.Point(1024, ("index", "docs")));
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { AsInt = 7, TimeUnixNano = Make.Start });

        var mapped = Map(gauge);

        Assert.Equal(2, mapped.Points.Count);
        var first = mapped.Points[0];
        Assert.Equal(Ingest.Project, first.ProjectId);
        Assert.Equal("rag.index.size", first.Name);
        Assert.Equal("By", first.Unit);
        Assert.Equal(MetricKind.Gauge, first.Kind);
        Assert.Equal(1024, first.Value);
        Assert.Equal((long)Make.Start, first.TimeUnixNano);
        Assert.Equal((long)(Make.Start - Make.Duration), first.StartUnixNano);
        Assert.Equal("rag-indexer", first.Service);
        Assert.Equal("search", first.Feature);
        Assert.Equal("docs", first.Attributes["index"]);
        Assert.Equal(7, mapped.Points[1].Value);
    }

    [Fact]
    public void Map_Sum_KeepsMonotonicityAndTemporality()
    {
        var sum = new Metric { Name = "embeddings.computed", Sum = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative } };
        sum.Sum.DataPoints.Add(Make.Point(99));

        var point = Assert.Single(Map(sum).Points);

        Assert.Equal(MetricKind.Sum, point.Kind);
        Assert.Equal(99, point.Value);
        Assert.True(point.IsMonotonic);
        Assert.True(point.IsCumulative);
    }

    [Fact]
    public void Map_Histogram_KeepsCountSumMinMaxAndBuckets()
    {
        var histogram = new Metric { Name = "gen_ai.client.token.usage", Unit = "{token}", Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Delta } };
        var dataPoint = new HistogramDataPoint { TimeUnixNano = Make.Start, Count = 6, Sum = 300, Min = 4, Max = 120 };
        dataPoint.ExplicitBounds.Add([16, 64]);
        dataPoint.BucketCounts.Add([1, 3, 2]);
        histogram.Histogram.DataPoints.Add(dataPoint);

        var point = Assert.Single(Map(histogram).Points);

        Assert.Equal(MetricKind.Histogram, point.Kind);
        Assert.Equal(6, point.Count);
        Assert.Equal(300, point.Value);
        Assert.Equal(4, point.Min);
        Assert.Equal(120, point.Max);
        Assert.False(point.IsCumulative);
        Assert.Equal([16d, 64d], point.BucketBounds);
        Assert.Equal([1L, 3L, 2L], point.BucketCounts);
    }

    [Fact]
    public void Map_ExponentialHistogramAndSummary_KeepCountAndSum()
    {
        var exponential = new Metric { Name = "latency", ExponentialHistogram = new ExponentialHistogram() };
        exponential.ExponentialHistogram.DataPoints.Add(new ExponentialHistogramDataPoint { TimeUnixNano = Make.Start, Count = 3, Sum = 1.5, Min = 0.1, Max = 1, Scale = 3 });
        var summary = new Metric { Name = "latency.summary", Summary = new Summary() };
        summary.Summary.DataPoints.Add(new SummaryDataPoint { TimeUnixNano = Make.Start, Count = 10, Sum = 42 });

        var points = Map(exponential, summary).Points;

        Assert.Equal((MetricKind.Histogram, 3L, 1.5, 0.1, 1.0), (points[0].Kind, points[0].Count!.Value, points[0].Value!.Value, points[0].Min!.Value, points[0].Max!.Value));
        Assert.Empty(points[0].BucketCounts);
        Assert.Equal((MetricKind.Histogram, 10L, 42.0), (points[1].Kind, points[1].Count!.Value, points[1].Value!.Value));
    }

    [Fact]
    public void Map_BadPoints_AreRejectedAndCountedTheRestKept()
    {
        var gauge = new Metric { Name = "queue.depth", Gauge = new Gauge() };
        gauge.Gauge.DataPoints.Add(Make.Point(1));
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { AsDouble = 2 });
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { TimeUnixNano = Make.Start });
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { AsDouble = double.NaN, TimeUnixNano = Make.Start });
        var histogram = new Metric { Name = "h", Histogram = new Histogram() };
        var mismatched = new HistogramDataPoint { TimeUnixNano = Make.Start, Count = 1 };
        mismatched.ExplicitBounds.Add(1);
        mismatched.BucketCounts.Add(1);
        histogram.Histogram.DataPoints.Add(mismatched);

        var mapped = Map(gauge, histogram);

        Assert.Single(mapped.Points);
        Assert.Equal(4, mapped.RejectedDataPoints);
        Assert.Equal(
        [
            "resourceMetrics[0].scopeMetrics[0].metrics[0].dataPoints[1] (queue.depth): timeUnixNano is 0",
            "resourceMetrics[0].scopeMetrics[0].metrics[0].dataPoints[2] (queue.depth): the point has no value",
            "resourceMetrics[0].scopeMetrics[0].metrics[0].dataPoints[3] (queue.depth): the value is not a finite number",
            "resourceMetrics[0].scopeMetrics[0].metrics[1].dataPoints[0] (h): 1 bucket counts for 1 bounds (expected 2)",
        ], mapped.Errors);
    }

    [Fact]
    public void Map_NoRecordedValuePoint_IsSkippedNotRejected()
    {
        var gauge = new Metric { Name = "g", Gauge = new Gauge() };
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { TimeUnixNano = Make.Start, Flags = 1 });

        var mapped = Map(gauge);

        Assert.Empty(mapped.Points);
        Assert.Equal(0, mapped.RejectedDataPoints);
    }

    [Fact]
    public void Map_ResourceWithoutFeature_UsesServiceName()
    {
        var gauge = new Metric { Name = "g", Gauge = new Gauge() };
        gauge.Gauge.DataPoints.Add(Make.Point(1));

        var point = Assert.Single(new OtlpMetricsMapper(new IngestLimits()).Map(Make.Metrics(Make.Resource(("service.name", "svc")), gauge), Ingest.Project).Points);

        Assert.Equal("svc", point.Feature);
    }
}
