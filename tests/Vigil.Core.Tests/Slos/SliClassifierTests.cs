using Vigil.Core.Slos;
using Vigil.Core.Spans;

namespace Vigil.Core.Tests.Slos;

public sealed class SliClassifierTests
{
    private static readonly SliScope Chat = new() { Feature = "support-chat" };

    [Fact]
    public void Availability_WithoutNarrowing_CountsRootSpans_GoodUnlessFailed()
    {
        var sli = Sli(SliKind.Availability);

        Assert.Equal(SliOutcome.Good, SliClassifier.Classify(sli, Span()));
        Assert.Equal(SliOutcome.Bad, SliClassifier.Classify(sli, Span() with { Status = SpanStatus.Error }));
        Assert.Equal(SliOutcome.NotCounted, SliClassifier.Classify(sli, Span() with { ParentSpanId = "b7ad6b7169203331" }));
        Assert.Equal(SliOutcome.NotCounted, SliClassifier.Classify(sli, Span() with { Feature = "summarize" }));
    }

    [Fact]
    public void Availability_NarrowedToAProvider_CountsThatProvidersCalls()
    {
        var sli = Sli(SliKind.Availability, Chat with { Provider = "openai" });
        var call = Span() with { ParentSpanId = "b7ad6b7169203331", Provider = "openai", Status = SpanStatus.Error };

        Assert.Equal(SliOutcome.Bad, SliClassifier.Classify(sli, call));
        Assert.Equal(SliOutcome.NotCounted, SliClassifier.Classify(sli, call with { Provider = "anthropic" }));
    }

    [Fact]
    public void Latency_PerStage_IsGoodAtOrUnderTheThreshold()
    {
        var sli = Sli(SliKind.Latency, Chat with { Stage = "retrieval" }) with { LatencyThreshold = TimeSpan.FromMilliseconds(300) };
        var retrieval = Span() with { ParentSpanId = "b7ad6b7169203331", Stage = "retrieval" };

        Assert.Equal(SliOutcome.Good, SliClassifier.Classify(sli, retrieval with { DurationNano = 300_000_000 }));
        Assert.Equal(SliOutcome.Bad, SliClassifier.Classify(sli, retrieval with { DurationNano = 300_000_001 }));
        Assert.Equal(SliOutcome.NotCounted, SliClassifier.Classify(sli, retrieval with { Stage = "generation" }));
    }

    [Fact]
    public void CacheHit_CountsRequestsThatSayWhetherTheyHit_OnTheirRootSpan()
    {
        var sli = Sli(SliKind.CacheHit);

        Assert.Equal(SliOutcome.Good, SliClassifier.Classify(sli, Span() with { CacheHit = true }));
        Assert.Equal(SliOutcome.Bad, SliClassifier.Classify(sli, Span() with { CacheHit = false }));
        Assert.Equal(SliOutcome.NotCounted, SliClassifier.Classify(sli, Span()));
        Assert.Equal(SliOutcome.NotCounted, SliClassifier.Classify(sli, Span() with { CacheHit = true, ParentSpanId = "b7ad6b7169203331" }));
    }

    [Fact]
    public void Ratio_IsGoodWhenEveryGivenConditionHolds()
    {
        var sli = Sli(SliKind.Ratio) with { Good = new GoodSpanCondition { Ok = true, MaxCost = 0.01m } };

        Assert.Equal(SliOutcome.Good, SliClassifier.Classify(sli, Span() with { Cost = 0.01m }));
        Assert.Equal(SliOutcome.Bad, SliClassifier.Classify(sli, Span() with { Cost = 0.02m }));
        Assert.Equal(SliOutcome.Bad, SliClassifier.Classify(sli, Span() with { Cost = 0.001m, Status = SpanStatus.Error }));
    }

    [Fact]
    public void Quality_CountsTheNamedEvaluations_GoodAtOrAboveTheThreshold()
    {
        var sli = Sli(SliKind.Quality) with { ScoreThreshold = 0.7, Evaluations = ["relevance"] };

        Assert.Equal(SliOutcome.Good, SliClassifier.Classify(sli, Evaluation("relevance", 0.7)));
        Assert.Equal(SliOutcome.Bad, SliClassifier.Classify(sli, Evaluation("relevance", 0.69)));
        Assert.Equal(SliOutcome.NotCounted, SliClassifier.Classify(sli, Evaluation("user_feedback", 0)));
        Assert.Equal(SliOutcome.NotCounted, SliClassifier.Classify(sli, Evaluation("relevance", null)));
    }

    [Fact]
    public void Quality_NarrowedToASegment_ReadsTheSegmentOfTheEvaluatedSpan()
    {
        var sli = Sli(SliKind.Quality, Chat with { Segment = "ja" }) with { ScoreThreshold = 0.5 };

        Assert.Equal(SliOutcome.Bad, SliClassifier.Classify(sli, Evaluation("relevance", 0.1) with { Segment = "ja" }));
        Assert.Equal(SliOutcome.NotCounted, SliClassifier.Classify(sli, Evaluation("relevance", 0.1) with { Segment = "en" }));
        Assert.Equal(SliOutcome.NotCounted, SliClassifier.Classify(sli, Evaluation("relevance", 0.1)));
    }

    [Fact]
    public void Hallucination_ReadsTheCitationAndSchemaChecks_ByLabelOrScore()
    {
        var sli = Sli(SliKind.Hallucination);

        Assert.Equal(SliOutcome.Good, SliClassifier.Classify(sli, Evaluation("citation_accuracy", null) with { ScoreLabel = "pass" }));
        Assert.Equal(SliOutcome.Bad, SliClassifier.Classify(sli, Evaluation("schema_compliance", 1.0) with { ScoreLabel = "FAIL" }));
        Assert.Equal(SliOutcome.Bad, SliClassifier.Classify(sli, Evaluation("citation_accuracy", 0.2)));
        Assert.Equal(SliOutcome.NotCounted, SliClassifier.Classify(sli, Evaluation("relevance", 0.2)));
    }

    [Fact]
    public void CostPerTask_SumsTheTrace_AndDecidesItAfterTheRootSettles()
    {
        var sli = Sli(SliKind.CostPerTask) with { CostThreshold = 0.05m };
        var tracker = new TaskCostTracker(sli);
        var t0 = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        tracker.Observe(Span() with { TraceId = "a", ParentSpanId = "1", Cost = 0.03m }, t0);
        tracker.Observe(Span() with { TraceId = "a", Cost = 0.01m }, t0);
        tracker.Observe(Span() with { TraceId = "b", Cost = 0.01m }, t0);
        tracker.Observe(Span() with { TraceId = "a", ParentSpanId = "1", Cost = 0.02m }, t0.AddSeconds(20)); // straggler
        tracker.Observe(Span() with { TraceId = "orphan", ParentSpanId = "1", Cost = 1m }, t0);

        Assert.Empty(tracker.Close(t0.AddSeconds(30)));
        var decided = tracker.Close(t0.AddMinutes(1.5));

        Assert.Equal([(0.01m, true), (0.06m, false)], decided.OrderBy(d => d.Cost).Select(d => (d.Cost, d.Good)));
        Assert.Equal(1, tracker.OpenTasks);
        Assert.Empty(tracker.Close(t0.AddMinutes(11)));
        Assert.Equal(0, tracker.OpenTasks);
    }

    private static SliDefinition Sli(SliKind kind, SliScope? scope = null) => new() { Kind = kind, Scope = scope ?? Chat };

    private static SliSpan Span() => new()
    {
        ProjectId = "default",
        TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        StartUnixNano = 1_700_000_000_000_000_000,
        DurationNano = 1_000_000,
        Status = SpanStatus.Ok,
        Feature = "support-chat",
    };

    private static SliEvaluation Evaluation(string name, double? score) => new()
    {
        ProjectId = "default",
        TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        Name = name,
        ScoreValue = score,
        Source = "otlp",
        TimeUnixNano = 1_700_000_000_000_000_000,
        Feature = "support-chat",
    };
}
