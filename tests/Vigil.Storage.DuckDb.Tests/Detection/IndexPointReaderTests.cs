using Vigil.Core.Detection;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Storage.Contracts;

namespace Vigil.Storage.DuckDb.Tests.Detection;

public sealed class IndexPointReaderTests : DetectionStore
{
    private static MetricPoint Point(string name, DateTimeOffset time, double? value, string? index = "kb", string feature = "rag", string project = "p1") => new()
    {
        ProjectId = project,
        Name = name,
        Kind = MetricKind.Gauge,
        TimeUnixNano = TestSpans.Nanos(time),
        Service = "svc",
        Feature = feature,
        Value = value,
        Attributes = index is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["gen_ai.data_source.id"] = index },
    };

    [Fact]
    public async Task Index_points_take_the_last_value_of_each_metric_per_index_and_step()
    {
        await AppendAsync(
            Point("vigil.rag.index.documents", T0.AddMinutes(4), 12),
            Point("vigil.rag.index.documents", T0.AddMinutes(1), 10),
            Point("vigil.rag.index.vectors", T0.AddMinutes(2), 100),
            Point("vigil.rag.index.reembedded", T0.AddMinutes(3), 7),
            Point("vigil.rag.index.documents", T0.AddMinutes(6), 15),
            Point("vigil.rag.index.size", T0.AddMinutes(7), 2048, index: "faq", feature: ""),
            Point("vigil.rag.index.documents", T0.AddMinutes(2), 99, index: null),
            Point("vigil.rag.index.unknown", T0.AddMinutes(2), 99),
            Point("vigil.rag.index.documents", T0.AddMinutes(2), 99, project: "p2"),
            Point("vigil.rag.index.documents", T0.AddMinutes(10), 99));

        var points = await Store.ReadIndexPointsAsync(
            new IndexPointQuery { ProjectId = "p1", Range = new TimeRange(T0, T0.AddMinutes(10)), Step = TimeSpan.FromMinutes(5) }, None);

        Assert.Equal(
            [
                new IndexPoint("faq", null, T0.AddMinutes(10), null, null, 2048, null),
                new IndexPoint("kb", "rag", T0.AddMinutes(5), 12, 100, null, 7),
                new IndexPoint("kb", "rag", T0.AddMinutes(10), 15, null, null, null),
            ],
            points);
    }

    [Fact]
    public async Task An_index_point_names_the_feature_of_its_own_vigil_feature_attribute_before_its_resource()
    {
        await AppendAsync(Point("vigil.rag.index.documents", T0, 3, feature: "svc") with
        {
            Attributes = new Dictionary<string, string> { ["gen_ai.data_source.id"] = "kb", ["vigil.feature"] = "support-chat" },
        });

        var points = await Store.ReadIndexPointsAsync(new IndexPointQuery { ProjectId = "p1", Range = FirstHour, Step = TimeSpan.FromHours(1) }, None);

        Assert.Equal("support-chat", Assert.Single(points).Feature);
    }

    [Fact]
    public async Task Index_points_read_the_index_attribute_and_metric_names_of_the_query()
    {
        await AppendAsync(
            Point("docs", T0, 3) with { Attributes = new Dictionary<string, string> { ["index/name"] = "kb" } },
            Point("vigil.rag.index.documents", T0, 4) with { Attributes = new Dictionary<string, string> { ["index/name"] = "kb" } });

        var points = await Store.ReadIndexPointsAsync(
            new IndexPointQuery { ProjectId = "p1", Range = FirstHour, Step = TimeSpan.FromHours(1), IndexAttribute = "index/name", DocumentsMetric = "docs" }, None);

        Assert.Equal([new IndexPoint("kb", "rag", T0.AddHours(1), 3, null, null, null)], points);
    }
}
