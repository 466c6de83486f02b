using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Core.Statistics;

namespace Vigil.Storage.Contracts;

/// <summary><see cref="Core.Ports.ITelemetryStore.GetStatsAsync"/>: buckets, groups, filters and quantiles.</summary>
public abstract class TelemetryStatsContract : TelemetryStoreContractBase
{
    [Fact]
    public async Task Stats_CountsErrorsTokensAndCostPerBucket()
    {
        await AppendAsync(
            Spans.Span(start: T0.AddSeconds(5), input: 100, output: 10, cost: 0.5m),
            Spans.Span(start: T0.AddSeconds(50), status: SpanStatus.Error, input: 200, output: 20, cost: null),
            Spans.Span(start: T0.AddMinutes(3), input: 300, output: 30, cost: 0.25m) with { Usage = new TokenUsage { Input = 300, Output = 30, CacheRead = 7 } });

        var points = Points(await StatsAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal([T0, T0.AddMinutes(3)], points.Select(p => p.Time));
        Assert.Equal((2L, 1L, 300L, 30L, 0.5m, 1L, 1L), (points[0].Count, points[0].Errors, points[0].InputTokens, points[0].OutputTokens, points[0].CostSum, points[0].PricedCalls, points[0].UnpricedCalls));
        Assert.Equal((1L, 0L, 300L, 30L, 7L, 0.25m), (points[1].Count, points[1].Errors, points[1].InputTokens, points[1].OutputTokens, points[1].CacheReadTokens, points[1].CostSum));
    }

    [Fact]
    public async Task Stats_RatioOfSums_NotMeanOfBucketRatios()
    {
        var spans = Enumerable.Range(0, 99).Select(i => Spans.Span(start: T0.AddMinutes(1))).ToList();
        spans.Add(Spans.Span(start: T0.AddMinutes(1), status: SpanStatus.Error));
        spans.Add(Spans.Span(start: T0.AddMinutes(40), status: SpanStatus.Error));
        await AppendAsync([.. spans]);

        var point = Assert.Single(Points(await StatsAsync(TimeSpan.FromHours(1))));

        Assert.Equal(101, point.Count);
        Assert.Equal(2, point.Errors);
        Assert.Equal(2.0 / 101, point.ErrorRatio, 12);
    }

    [Fact]
    public async Task Stats_BucketsAreAlignedToTheEpochSortedAndOnlyWhereThereIsData()
    {
        await AppendAsync(Spans.Span(start: T0.AddMinutes(47)), Spans.Span(start: T0.AddMinutes(7)), Spans.Span(start: T0.AddMinutes(16)));

        var points = Points(await StatsAsync(TimeSpan.FromMinutes(15), range: new TimeRange(T0.AddMinutes(-60), T0.AddMinutes(120))));

        Assert.Equal([T0, T0.AddMinutes(15), T0.AddMinutes(45)], points.Select(p => p.Time));
    }

    [Fact]
    public async Task Stats_RangeIsHalfOpen()
    {
        await AppendAsync(Spans.Span(start: T0.AddMinutes(-1)), Spans.Span(start: T0), Spans.Span(start: T0.AddMinutes(10)));

        var points = Points(await StatsAsync(TimeSpan.FromMinutes(1), range: new TimeRange(T0, T0.AddMinutes(10))));

        Assert.Equal(T0, Assert.Single(points).Time);
    }

    [Theory]
    [InlineData(GroupBy.None)]
    [InlineData(GroupBy.Feature)]
    public async Task Stats_HourStepOverARangeInsideOneHour_CountsOnlyTheRange(GroupBy groupBy)
    {
        await AppendAsync(Spans.Span(start: T0.AddMinutes(10)), Spans.Span(start: T0.AddMinutes(20)), Spans.Span(start: T0.AddMinutes(50)));

        var point = Assert.Single(Points(await StatsAsync(TimeSpan.FromHours(1), groupBy, range: new TimeRange(T0.AddMinutes(15), T0.AddMinutes(45)))));

        Assert.Equal((T0, 1L), (point.Time, point.Count));
    }

    [Theory]
    [InlineData(GroupBy.Feature)]
    [InlineData(GroupBy.Team)]
    [InlineData(GroupBy.Model)]
    [InlineData(GroupBy.Provider)]
    [InlineData(GroupBy.Release)]
    [InlineData(GroupBy.Stage)]
    public async Task Stats_GroupByEachDimension_SplitsSeriesByItsValues(GroupBy groupBy)
    {
        await AppendAsync(
            Spans.Span(feature: "a", team: "t1", model: "m1", provider: "openai", release: "r1", stage: Stages.Generation),
            Spans.Span(feature: "a", team: "t1", model: "m1", provider: "openai", release: "r1", stage: Stages.Generation),
            Spans.Span(feature: "b", team: "t2", model: "m2", provider: "anthropic", release: "r2", stage: Stages.Retrieval),
            Spans.Span(feature: "b", team: null, model: null, provider: null, release: null, stage: null, start: T0.AddMinutes(1)));

        var result = await StatsAsync(TimeSpan.FromHours(1), groupBy);

        var counts = result.Series.ToDictionary(s => s.Group ?? "<none>", s => s.Points.Sum(p => p.Count), StringComparer.Ordinal);
        var expected = groupBy switch
        {
            GroupBy.Feature => new Dictionary<string, long> { ["a"] = 2, ["b"] = 2 },
            GroupBy.Team => new() { ["t1"] = 2, ["t2"] = 1, ["<none>"] = 1 },
            GroupBy.Model => new() { ["m1"] = 2, ["m2"] = 1, ["<none>"] = 1 },
            GroupBy.Provider => new() { ["openai"] = 2, ["anthropic"] = 1, ["<none>"] = 1 },
            GroupBy.Release => new() { ["r1"] = 2, ["r2"] = 1, ["<none>"] = 1 },
            _ => new() { [Stages.Generation] = 2, [Stages.Retrieval] = 1, ["<none>"] = 1 },
        };
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), counts.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal(groupBy, result.GroupBy);
    }

    [Fact]
    public async Task Stats_Ungrouped_IsOneSeriesWithANullGroup()
    {
        await AppendAsync(Spans.Span(feature: "a"), Spans.Span(feature: "b"));

        var series = Assert.Single((await StatsAsync(TimeSpan.FromMinutes(1))).Series);

        Assert.Null(series.Group);
        Assert.Equal(2, Assert.Single(series.Points).Count);
    }

    [Fact]
    public async Task Stats_Model_IsTheResponseModelElseTheRequestModel()
    {
        await AppendAsync(
            Spans.Span(model: "gpt-4o") with { ResponseModel = "gpt-4o-2024-08-06" },
            Spans.Span(model: "gpt-4o"));

        var groups = (await StatsAsync(TimeSpan.FromMinutes(1), GroupBy.Model)).Series.Select(s => s.Group).ToList();

        Assert.Equal(["gpt-4o", "gpt-4o-2024-08-06"], groups);
    }

    public static TheoryData<string> FilterNames => ["feature", "team", "model", "provider", "release", "stage", "user"];

    [Theory]
    [MemberData(nameof(FilterNames))]
    public async Task Stats_FilterOnEachDimension_KeepsOnlyMatchingSpans(string dimension)
    {
        await AppendAsync(
            Spans.Span(feature: "a", team: "t1", model: "m1", provider: "openai", release: "r1", stage: Stages.Generation, userId: "u1"),
            Spans.Span(feature: "b", team: "t2", model: "m2", provider: "anthropic", release: "r2", stage: Stages.Retrieval, userId: "u2"),
            Spans.Span(feature: "b", team: "t2", model: "m2", provider: "anthropic", release: "r2", stage: Stages.Retrieval, userId: "u2"));
        var filter = dimension switch
        {
            "feature" => new SpanFilter { Feature = "a" },
            "team" => new SpanFilter { Team = "t1" },
            "model" => new SpanFilter { Model = "m1" },
            "provider" => new SpanFilter { Provider = "openai" },
            "release" => new SpanFilter { Release = "r1" },
            "stage" => new SpanFilter { Stage = Stages.Generation },
            _ => new SpanFilter { UserId = "u1" },
        };

        var point = Assert.Single(Points(await StatsAsync(TimeSpan.FromMinutes(1), filter: filter)));
        var grouped = await StatsAsync(TimeSpan.FromHours(1), GroupBy.Feature, filter);

        Assert.Equal(1, point.Count);
        Assert.Equal("a", Assert.Single(grouped.Series).Group);
    }

    [Fact]
    public async Task Stats_CombinedFilters_AllMustMatch()
    {
        await AppendAsync(Spans.Span(feature: "a", team: "t1"), Spans.Span(feature: "a", team: "t2"), Spans.Span(feature: "b", team: "t1"));

        var point = Assert.Single(Points(await StatsAsync(TimeSpan.FromMinutes(1), filter: new SpanFilter { Feature = "a", Team = "t1" })));

        Assert.Equal(1, point.Count);
    }

    [Fact]
    public async Task Stats_OtherProjects_AreInvisible()
    {
        await AppendAsync(Spans.Span(project: "p1"), Spans.Span(project: "p2", userId: "u2"), Spans.Span(project: "p2"));

        Assert.Equal(1, Assert.Single(Points(await StatsAsync(TimeSpan.FromHours(1)))).Count);
        Assert.Equal(2, Assert.Single(Points(await StatsAsync(TimeSpan.FromMinutes(1), project: "p2"))).Count);
        Assert.Empty((await StatsAsync(TimeSpan.FromMinutes(1), project: "p3")).Series);
        Assert.Empty((await StatsAsync(TimeSpan.FromMinutes(1), filter: new SpanFilter { UserId = "u2" }, project: "p1")).Series);
    }

    [Fact]
    public async Task Stats_QuantilesFromRollups_AreWithinSketchAccuracy()
    {
        var spans = Enumerable.Range(1, 1000)
            .Select(i => Spans.Span(start: T0.AddSeconds(i % 120), durationMs: i, cost: i / 10_000m))
            .ToList();
        await AppendAsync([.. spans.Take(400)]);
        await AppendAsync([.. spans.Skip(400)]);

        foreach (var step in new[] { TimeSpan.FromMinutes(5), TimeSpan.FromHours(1) })
        {
            var point = Assert.Single(Points(await StatsAsync(step)));
            foreach (var (actual, exact) in new[] { (point.LatencyP50Ms, 500.5), (point.LatencyP95Ms, 950.05), (point.LatencyP99Ms, 990.01) })
            {
                Assert.InRange(actual!.Value, exact * (1 - QuantileSketch.RelativeAccuracy) - 1, exact * (1 + QuantileSketch.RelativeAccuracy) + 1);
            }

            foreach (var (actual, exact) in new[] { (point.CostP50, 0.05005), (point.CostP95, 0.095005), (point.CostP99, 0.099001) })
            {
                Assert.InRange(actual!.Value, exact * (1 - QuantileSketch.RelativeAccuracy) - 0.0001, exact * (1 + QuantileSketch.RelativeAccuracy) + 0.0001);
            }
        }
    }

    [Fact]
    public async Task Stats_QuantilesOfMergedBuckets_EqualTheSketchOfAllValues()
    {
        var durations = new[] { 3.0, 12, 12, 40, 250, 251, 900, 1800, 0 };
        await AppendAsync([.. durations.Select((d, i) => Spans.Span(start: T0.AddMinutes(i * 7), durationMs: d))]);
        var histogram = durations.GroupBy(d => QuantileSketch.BucketOf(d)).Select(g => (g.Key, (long)g.Count())).ToList();

        var point = Assert.Single(Points(await StatsAsync(TimeSpan.FromHours(1))));

        Assert.Equal(QuantileSketch.Quantile(histogram, 0.5), point.LatencyP50Ms);
        Assert.Equal(QuantileSketch.Quantile(histogram, 0.95), point.LatencyP95Ms);
        Assert.Equal(QuantileSketch.Quantile(histogram, 0.99), point.LatencyP99Ms);
    }

    [Fact]
    public async Task Stats_CostQuantiles_IgnoreUnpricedCalls()
    {
        await AppendAsync(Spans.Span(cost: 0.2m), Spans.Span(cost: null), Spans.Span(cost: null));

        var point = Assert.Single(Points(await StatsAsync(TimeSpan.FromMinutes(1))));

        Assert.Equal(QuantileSketch.ValueOf(QuantileSketch.BucketOf(0.2)), point.CostP50);
        Assert.Equal(2, point.UnpricedCalls);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(90)]
    public async Task Stats_StepThatIsNotAPositiveWholeNumberOfMinutes_IsRejected(int seconds) =>
        await Assert.ThrowsAnyAsync<ArgumentException>(() => StatsAsync(TimeSpan.FromSeconds(seconds)));
}
