using Vigil.Core.Detection;
using Vigil.Core.Queries;

namespace Vigil.Storage.DuckDb.Tests.Detection;

public sealed class SegmentStatsReaderTests : DetectionStore
{
    private static readonly TimeRange TwoHours = new(T0, T0.AddHours(2));

    [Fact]
    public async Task Segments_per_period_of_root_spans_with_null_segments_only_in_the_whole()
    {
        await AppendAsync(
            Root("a", T0.AddMinutes(1), 100) with { Segment = "free" },
            Root("b", T0.AddMinutes(2), 200) with { Segment = "free" },
            Root("c", T0.AddMinutes(3), 300) with { Segment = "pro" },
            Root("d", T0.AddMinutes(4), 400),
            Root("e", T0.AddMinutes(5), 900) with { Segment = "" },
            Call("c", T0.AddMinutes(3), durationMs: 5000) with { Segment = "pro" },
            Root("f", T0.AddMinutes(65), 500) with { Segment = "free" },
            Root("g", T0.AddMinutes(6), 9000, feature: "search") with { Segment = "free" },
            Root("h", T0.AddMinutes(6), 9000, project: "p2") with { Segment = "free" },
            Root("i", T0.AddHours(2), 9000) with { Segment = "free" });

        var rows = await Store.ReadSegmentStatsAsync(new SegmentStatsQuery { ProjectId = "p1", Feature = "chat", Range = TwoHours, Period = TimeSpan.FromHours(1) }, None);

        Assert.Equal(
            [(T0, null, 5L), (T0, "free", 2L), (T0, "pro", 1L), (T0.AddHours(1), null, 1L), (T0.AddHours(1), "free", 1L)],
            rows.Select(r => (r.PeriodStart, r.Segment, r.Count)));
        Assert.Equal(800, rows[0].LatencyP95Ms!.Value, 6);
        Assert.Equal(195, rows[1].LatencyP95Ms!.Value, 6);
        Assert.Equal(300, rows[2].LatencyP95Ms!.Value, 6);
        Assert.All(rows, r => Assert.Equal((0.0, 0L, 0L, 0L), (r.QualitySum, r.QualityCount, r.Refusals, r.RefusalScored)));
    }

    [Fact]
    public async Task Segment_periods_count_from_the_range_start_so_the_last_one_ends_at_its_end()
    {
        await AppendAsync(
            Root("a", T0.AddMinutes(5)) with { Segment = "free" },
            Root("b", T0.AddMinutes(64)) with { Segment = "free" },
            Root("c", T0.AddMinutes(66)) with { Segment = "free" });

        var rows = await Store.ReadSegmentStatsAsync(new SegmentStatsQuery
        {
            ProjectId = "p1", Feature = "chat", Range = new TimeRange(T0.AddMinutes(5), T0.AddMinutes(125)), Period = TimeSpan.FromHours(1),
        }, None);

        Assert.Equal(
            [(T0.AddMinutes(5), null, 2L), (T0.AddMinutes(5), "free", 2L), (T0.AddMinutes(65), null, 1L), (T0.AddMinutes(65), "free", 1L)],
            rows.Select(r => (r.PeriodStart, r.Segment, r.Count)));
    }

    [Fact]
    public async Task Segment_quality_and_refusals_come_from_the_evaluations_on_the_root_traces()
    {
        await AppendAsync(
            Root("a", T0.AddMinutes(1)) with { Segment = "free" },
            Root("b", T0.AddMinutes(2)) with { Segment = "pro" },
            Root("c", T0.AddMinutes(3)));
        await AppendAsync(
            Evaluation("a", "helpful", 0.5, T0.AddDays(-1)),
            Evaluation("a", "correct", 0.25),
            Evaluation("a", "refusal", 1.0),
            Evaluation("b", "helpful", 1.0),
            Evaluation("b", "refusal", 0.0),
            Evaluation("b", "tone", 1.0),
            Evaluation("c", "refusal", 0.5),
            Evaluation("c", "helpful", null),
            Evaluation("a", "helpful", 1.0, project: "p2"),
            Evaluation("z", "helpful", 1.0));

        var rows = await Store.ReadSegmentStatsAsync(
            new SegmentStatsQuery
            {
                ProjectId = "p1", Feature = "chat", Range = TwoHours, Period = TimeSpan.FromMinutes(30),
                QualityScores = ["helpful", "correct"], RefusalScore = "refusal",
            },
            None);

        Assert.Equal(
            [(null, 1.75, 3L, 2L, 3L), ("free", 0.75, 2L, 1L, 1L), ("pro", 1.0, 1L, 0L, 1L)],
            rows.Select(r => (r.Segment, r.QualitySum, r.QualityCount, r.Refusals, r.RefusalScored)));
        Assert.All(rows, r => Assert.Equal(T0, r.PeriodStart));
    }

    [Fact]
    public async Task Segment_periods_must_be_whole_minutes()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadSegmentStatsAsync(
            new SegmentStatsQuery { ProjectId = "p1", Feature = "chat", Range = TwoHours, Period = TimeSpan.FromSeconds(90) }, None));
    }
}
