using Vigil.Core.Spans;

namespace Vigil.Core.Queries;

/// <summary>
/// Evaluation scores of one feature over a range, in buckets of <see cref="Step"/> (whole minutes, at
/// least one; buckets aligned to the Unix epoch), one series per (evaluation name, release). An
/// evaluation falls in the range and a bucket by its own time.
/// </summary>
public sealed record EvaluationSeriesQuery
{
    public static readonly TimeSpan MinStep = TimeSpan.FromMinutes(1);

    public required string ProjectId { get; init; }
    public required string Feature { get; init; }

    /// <summary>Only evaluations of this name (a scorer, "user_feedback", an OTLP evaluation name); null: every name.</summary>
    public string? Name { get; init; }

    public EvaluationSourceKind Source { get; init; } = EvaluationSourceKind.Any;
    public required TimeRange Range { get; init; }
    public required TimeSpan Step { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when the step is not a whole number of minutes, at least one.</summary>
    public void ThrowIfInvalid()
    {
        if (Step < MinStep || Step.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentException($"the step must be a whole number of minutes, at least 1 (got {Step})", nameof(Step));
        }

        ArgumentException.ThrowIfNullOrEmpty(Feature);
    }
}

/// <summary>Which evaluations a query reads, by where they came from (<see cref="EvaluationResult.Source"/>).</summary>
public enum EvaluationSourceKind
{
    /// <summary>Every source.</summary>
    Any,

    /// <summary>Online evaluation: sources <c>online:&lt;scorer&gt;</c>.</summary>
    Online,

    /// <summary>User feedback: source <c>feedback</c>.</summary>
    Feedback,

    /// <summary><c>gen_ai.evaluation.result</c> span events: source <c>otlp</c>.</summary>
    Otlp,
}

/// <summary>
/// Score labels that say whether a case passed, compared ignoring case: the labels quality and
/// hallucination checks use (<c>pass</c>, <c>fail</c>, …) and user feedback's (<c>thumbs_up</c>,
/// <c>negative</c>, …). Any other label says neither.
/// </summary>
public static class EvaluationLabels
{
    /// <summary>Feedback labels that mean "the answer was good": score 1 when no score is given.</summary>
    public static readonly IReadOnlyList<string> Positive = ["thumbs_up", "positive", "good"];

    /// <summary>Feedback labels that mean "the answer was bad": score 0 when no score is given.</summary>
    public static readonly IReadOnlyList<string> Negative = ["thumbs_down", "negative", "bad"];

    public static readonly IReadOnlyList<string> Pass = ["pass", "passed", "true", "ok", "grounded", "supported", "valid", .. Positive];

    public static readonly IReadOnlyList<string> Fail = ["fail", "failed", "false", "hallucinated", "unsupported", "invalid", .. Negative];

    /// <summary>True for a pass label, false for a fail label, null for none or another label.</summary>
    public static bool? Passed(string? label)
    {
        if (label is null)
        {
            return null;
        }

        if (Pass.Contains(label, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return Fail.Contains(label, StringComparer.OrdinalIgnoreCase) ? false : null;
    }
}
