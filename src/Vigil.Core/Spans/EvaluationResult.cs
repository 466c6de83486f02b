namespace Vigil.Core.Spans;

/// <summary>
/// One evaluation of a response: from a <c>gen_ai.evaluation.result</c> event, user feedback or a scorer.
/// </summary>
public sealed record EvaluationResult
{
    /// <summary>The source of a <c>gen_ai.evaluation.result</c> span event.</summary>
    public const string OtlpSource = "otlp";

    /// <summary>The source of user feedback sent to <c>POST /api/v1/feedback</c>.</summary>
    public const string FeedbackSource = "feedback";

    /// <summary>Online evaluation's sources are this prefix and the scorer's name: <c>online:groundedness</c>.</summary>
    public const string OnlineSourcePrefix = "online:";

    public required string ProjectId { get; init; }
    public required string TraceId { get; init; }
    public string? SpanId { get; init; }

    /// <summary><c>gen_ai.evaluation.name</c>, for example "relevance" or "groundedness".</summary>
    public required string Name { get; init; }

    public double? ScoreValue { get; init; }
    public string? ScoreLabel { get; init; }
    public string? Explanation { get; init; }
    public string? ResponseId { get; init; }

    /// <summary>Where the result came from: <see cref="OtlpSource"/>, <see cref="FeedbackSource"/> or <see cref="OnlineSourcePrefix"/> and a scorer's name.</summary>
    public required string Source { get; init; }

    public required long TimeUnixNano { get; init; }
    public required string Feature { get; init; }

    /// <summary>
    /// The release of the evaluated response: the evaluated span's for an OTLP event, the trace's root
    /// span's for online evaluation and feedback; null when the span carried none.
    /// </summary>
    public string? Release { get; init; }
}
