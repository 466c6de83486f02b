using Vigil.Core.Queries;
using Vigil.Core.Spans;

namespace Vigil.Core.Slos;

/// <summary>Decides whether a span or an evaluation is a good, a bad or no event of an SLI.</summary>
public static class SliClassifier
{

    /// <summary>Span-based kinds. Cost per task is decided per trace by <see cref="TaskCostTracker"/>, so it is not counted here.</summary>
    public static SliOutcome Classify(SliDefinition sli, SliSpan span)
    {
        if (sli.Kind is SliKind.Quality or SliKind.Hallucination or SliKind.CostPerTask
            || !sli.Scope.Matches(span) || (sli.RootOnly && !span.IsRoot))
        {
            return SliOutcome.NotCounted;
        }

        return sli.Kind switch
        {
            SliKind.Availability => Of(span.Status != SpanStatus.Error),
            SliKind.Latency => Of(span.DurationNano <= sli.LatencyThreshold!.Value.Ticks * 100),
            SliKind.CacheHit => span.CacheHit is { } hit ? Of(hit) : SliOutcome.NotCounted,
            SliKind.Ratio => Of(IsGood(sli.Good!, span)),
            _ => SliOutcome.NotCounted,
        };
    }

    /// <summary>Evaluation-based kinds: quality (score ≥ threshold) and hallucination (the check passed).</summary>
    public static SliOutcome Classify(SliDefinition sli, SliEvaluation evaluation)
    {
        if (sli.Kind is not (SliKind.Quality or SliKind.Hallucination) || !sli.Scope.Matches(evaluation))
        {
            return SliOutcome.NotCounted;
        }

        var names = sli.EvaluationNames;
        if (names.Count > 0 && !names.Contains(evaluation.Name, StringComparer.Ordinal))
        {
            return SliOutcome.NotCounted;
        }

        if (sli.Kind == SliKind.Hallucination && Label(evaluation.ScoreLabel) is { } passed)
        {
            return Of(passed);
        }

        if (evaluation.ScoreValue is not { } score || double.IsNaN(score))
        {
            return SliOutcome.NotCounted;
        }

        return Of(score >= (sli.ScoreThreshold ?? 0.5));
    }

    private static bool IsGood(GoodSpanCondition good, SliSpan span) =>
        (good.Ok is not { } ok || ok == (span.Status != SpanStatus.Error))
        && (good.MaxDuration is not { } max || span.DurationNano <= max.Ticks * 100)
        && (good.MaxCost is not { } cost || (span.Cost ?? 0) <= cost)
        && (good.CacheHit is not { } hit || span.CacheHit == hit);

    private static bool? Label(string? label) => EvaluationLabels.Passed(label);

    private static SliOutcome Of(bool good) => good ? SliOutcome.Good : SliOutcome.Bad;
}
