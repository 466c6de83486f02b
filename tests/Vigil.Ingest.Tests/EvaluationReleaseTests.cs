namespace Vigil.Ingest.Tests;

/// <summary>An evaluation event takes the release of the span it is on, so scores can be compared by release.</summary>
public sealed class EvaluationReleaseTests
{
    [Fact]
    public void Map_EvaluationEvent_TakesTheReleaseOfItsSpan_FromTheSpanOrItsResource()
    {
        var resource = Make.Resource(("service.name", "svc"), ("vigil.feature", "answers"), ("vigil.release", "r1"));
        var onResource = Make.Span(("gen_ai.operation.name", "chat")).WithEvents(
            Make.Event("gen_ai.evaluation.result", ("gen_ai.evaluation.name", "relevance"), ("gen_ai.evaluation.score.value", 0.5)));
        var onSpan = Make.Span(("gen_ai.operation.name", "chat"), ("vigil.release", "r2")).WithEvents(
            Make.Event("gen_ai.evaluation.result", ("gen_ai.evaluation.name", "relevance"), ("gen_ai.evaluation.score.value", 0.7)));

        var mapped = Ingest.Map(Make.Traces(resource, onResource, onSpan));

        Assert.Equal(["r1", "r2"], mapped.Spans.Select(s => s.Release));
        Assert.Equal(["r1", "r2"], mapped.Evaluations.Select(e => e.Release));
    }

    [Fact]
    public void Map_EvaluationEvent_OnASpanWithoutRelease_HasNone()
    {
        var otlp = Make.Span().WithEvents(Make.Event("gen_ai.evaluation.result", ("gen_ai.evaluation.name", "relevance"), ("gen_ai.evaluation.score.label", "pass")));

        Assert.Null(Assert.Single(Ingest.Map(Make.Traces(otlp)).Evaluations).Release);
    }
}
