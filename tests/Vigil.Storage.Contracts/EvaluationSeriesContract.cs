using Vigil.Core.Queries;
using Vigil.Core.Spans;

namespace Vigil.Storage.Contracts;

/// <summary>
/// <see cref="Core.Ports.ITelemetryStore.GetEvaluationSeriesAsync"/>: a feature's scores by (name,
/// release) over time, and the release every evaluation carries.
/// </summary>
public abstract class EvaluationSeriesContract : TelemetryStoreContractBase
{
    [Fact]
    public async Task Series_OnePerNameAndRelease_WithPointsPerBucketAndATotal()
    {
        await AppendEvaluationsAsync(
            Evaluation("groundedness", "r1", T0.AddMinutes(1), 0.8, "pass"),
            Evaluation("groundedness", "r1", T0.AddMinutes(4), 0.6, "fail"),
            Evaluation("groundedness", "r1", T0.AddMinutes(7), 1.0, "pass"),
            Evaluation("groundedness", "r2", T0.AddMinutes(2), 0.2, "fail"),
            Evaluation("groundedness", null, T0.AddMinutes(3), 0.5, null),
            Evaluation("citation_accuracy", "r1", T0.AddMinutes(3), 1.0, "pass"));

        var answer = await SeriesAsync(new EvaluationSeriesQuery { ProjectId = "p1", Feature = "chat", Range = Day, Step = TimeSpan.FromMinutes(5) });

        Assert.Equal(
            [("citation_accuracy", "r1"), ("groundedness", "r1"), ("groundedness", "r2"), ("groundedness", null)],
            answer.Series.Select(s => (s.Name, s.Release)));
        var r1 = answer.Series[1];
        Assert.Equal([T0, T0.AddMinutes(5)], r1.Points.Select(p => p.Time));
        Assert.Equal((2L, 2L, 2L, 1L), (r1.Points[0].Count, r1.Points[0].Scored, r1.Points[0].Judged, r1.Points[0].Passed));
        Assert.Equal(0.7, r1.Points[0].MeanScore!.Value, 12);
        Assert.Equal(0.5, r1.Points[0].PassShare);
        Assert.Equal((3L, 3L, 2L), (r1.Total.Count, r1.Total.Judged, r1.Total.Passed));
        Assert.Equal(0.8, r1.Total.MeanScore!.Value, 12);
        Assert.Equal(2.0 / 3, r1.Total.PassShare!.Value, 12);
        var unlabelled = answer.Series[3];
        Assert.Null(Assert.Single(unlabelled.Points).PassShare);
        Assert.Equal(0.5, unlabelled.Total.MeanScore);
        Assert.Equal(("chat", TimeSpan.FromMinutes(5)), (answer.Feature, answer.Step));
    }

    [Fact]
    public async Task Series_FeedbackLabelsCountAsPassAndFail_OtherLabelsAsNeither_MissingScoresAsUnscored()
    {
        await AppendEvaluationsAsync(
            Evaluation("user_feedback", "r1", T0, 1, "thumbs_up", EvaluationResult.FeedbackSource),
            Evaluation("user_feedback", "r1", T0, 0, "THUMBS_DOWN", EvaluationResult.FeedbackSource),
            Evaluation("user_feedback", "r1", T0, 0.9, "five stars", EvaluationResult.FeedbackSource),
            Evaluation("user_feedback", "r1", T0, null, "Positive", EvaluationResult.FeedbackSource));

        var point = Assert.Single(Assert.Single((await SeriesAsync(Query())).Series).Points);

        Assert.Equal((4L, 3L, 3L, 2L), (point.Count, point.Scored, point.Judged, point.Passed));
        Assert.Equal(1.9 / 3, point.MeanScore!.Value, 12);
    }

    [Fact]
    public async Task Series_NoScoreValues_MeanIsNull()
    {
        await AppendEvaluationsAsync(Evaluation("relevance", "r1", T0, null, "relevant"));

        var series = Assert.Single((await SeriesAsync(Query())).Series);

        Assert.Equal((1L, 0L, 0L), (series.Total.Count, series.Total.Scored, series.Total.Judged));
        Assert.Null(series.Total.MeanScore);
        Assert.Null(series.Total.PassShare);
    }

    [Fact]
    public async Task Series_NameAndSource_Narrow()
    {
        await AppendEvaluationsAsync(
            Evaluation("groundedness", "r1", T0, 0.9, "pass", EvaluationResult.OnlineSourcePrefix + "groundedness"),
            Evaluation("groundedness", "r1", T0, 0.1, null, EvaluationResult.OtlpSource),
            Evaluation("user_feedback", "r1", T0, 1, "thumbs_up", EvaluationResult.FeedbackSource),
            Evaluation("relevance", "r1", T0, 0.5, null, EvaluationResult.OtlpSource));

        Assert.Equal(["groundedness", "relevance", "user_feedback"], await NamesAsync(Query()));
        Assert.Equal(["groundedness"], await NamesAsync(Query() with { Source = EvaluationSourceKind.Online }));
        Assert.Equal(["user_feedback"], await NamesAsync(Query() with { Source = EvaluationSourceKind.Feedback }));
        Assert.Equal(["groundedness", "relevance"], await NamesAsync(Query() with { Source = EvaluationSourceKind.Otlp }));
        var grounded = Assert.Single((await SeriesAsync(Query() with { Name = "groundedness" })).Series);
        Assert.Equal((2L, 0.5), (grounded.Total.Count, grounded.Total.MeanScore!.Value));
        var online = Assert.Single((await SeriesAsync(Query() with { Name = "groundedness", Source = EvaluationSourceKind.Online })).Series);
        Assert.Equal(0.9, online.Total.MeanScore);
        Assert.Empty((await SeriesAsync(Query() with { Name = "relevance", Source = EvaluationSourceKind.Feedback })).Series);
    }

    [Fact]
    public async Task Series_ProjectFeatureAndHalfOpenRange_Apply()
    {
        await AppendEvaluationsAsync(
            Evaluation("groundedness", "r1", T0, 0.5, null),
            Evaluation("groundedness", "r1", T0.AddHours(1).AddTicks(-1), 0.5, null),
            Evaluation("groundedness", "r1", T0.AddHours(1), 0.5, null),
            Evaluation("groundedness", "r1", T0.AddTicks(-1), 0.5, null),
            Evaluation("groundedness", "r1", T0, 0.5, null) with { ProjectId = "p2" },
            Evaluation("groundedness", "r1", T0, 0.5, null) with { Feature = "search" });

        var hour = new TimeRange(T0, T0.AddHours(1));
        var series = Assert.Single((await SeriesAsync(Query() with { Range = hour, Step = TimeSpan.FromHours(1) })).Series);

        Assert.Equal(2, series.Total.Count);
        Assert.Equal(T0, Assert.Single(series.Points).Time);
        Assert.Equal(1, Assert.Single((await SeriesAsync(Query() with { Feature = "search" })).Series).Total.Count);
        Assert.Equal(1, Assert.Single((await SeriesAsync(Query() with { ProjectId = "p2" })).Series).Total.Count);
        Assert.Empty((await SeriesAsync(Query() with { ProjectId = "p3" })).Series);
    }

    [Fact]
    public async Task Series_BucketsAreAlignedToTheEpoch()
    {
        await AppendEvaluationsAsync(
            Evaluation("groundedness", "r1", T0.AddMinutes(59), 0.2, null),
            Evaluation("groundedness", "r1", T0.AddMinutes(60), 0.4, null),
            Evaluation("groundedness", "r1", T0.AddMinutes(61), 0.6, null));

        var range = new TimeRange(T0.AddMinutes(30), T0.AddHours(2));
        var points = Assert.Single((await SeriesAsync(Query() with { Range = range, Step = TimeSpan.FromHours(1) })).Series).Points;

        Assert.Equal([(T0, 1L), (T0.AddHours(1), 2L)], points.Select(p => (p.Time, p.Count)));
        Assert.Equal(0.5, points[1].MeanScore!.Value, 12);
    }

    [Fact]
    public async Task Series_StepBelowAMinuteOrNotWholeMinutes_Throws()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => SeriesAsync(Query() with { Step = TimeSpan.FromSeconds(30) }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => SeriesAsync(Query() with { Step = TimeSpan.FromSeconds(90) }));
    }

    [Fact]
    public async Task Release_IsStoredWithTheEvaluation_AndReadBackWithItsTrace()
    {
        var root = Spans.Span(release: "r7");
        var withRelease = Evaluation("relevance", "r7", T0, 0.5, null) with { TraceId = root.TraceId, SpanId = root.SpanId };
        var without = Evaluation("tone", null, T0, 0.5, null) with { TraceId = root.TraceId, SpanId = root.SpanId };
        await AppendAsync(new TelemetryBatch { Spans = [root], Evaluations = [withRelease, without] });

        var trace = await TraceAsync(root.TraceId);

        Assert.Equal([withRelease, without], trace!.Evaluations);
    }

    private static TimeRange Day => new(T0.AddDays(-1), T0.AddDays(1));

    private static EvaluationSeriesQuery Query() =>
        new() { ProjectId = "p1", Feature = "chat", Range = Day, Step = TimeSpan.FromDays(1) };

    private Task AppendEvaluationsAsync(params EvaluationResult[] evaluations) => AppendAsync(new TelemetryBatch { Evaluations = evaluations });

    private Task<EvaluationSeries> SeriesAsync(EvaluationSeriesQuery query) => Store.GetEvaluationSeriesAsync(query, Ct).WaitAsync(Timeout);

    private async Task<List<string>> NamesAsync(EvaluationSeriesQuery query) =>
        [.. (await SeriesAsync(query)).Series.Select(s => s.Name).Distinct()];

    private EvaluationResult Evaluation(
        string name, string? release, DateTimeOffset time, double? score, string? label, string source = EvaluationResult.OtlpSource) => new()
        {
            ProjectId = "p1",
            TraceId = Spans.NewTraceId(),
            Name = name,
            ScoreValue = score,
            ScoreLabel = label,
            Source = source,
            TimeUnixNano = TestSpans.Nanos(time),
            Feature = "chat",
            Release = release,
        };
}
