namespace Vigil.Core.Spans;

/// <summary>
/// One evaluation of a response: from a <c>gen_ai.evaluation.result</c> event, user feedback or a scorer.
/// </summary>
public sealed record EvaluationResult
{
    public required string ProjectId { get; init; }
    public required string TraceId { get; init; }
    public string? SpanId { get; init; }

    /// <summary><c>gen_ai.evaluation.name</c>, for example "relevance" or "groundedness".</summary>
    public required string Name { get; init; }

    public double? ScoreValue { get; init; }
    public string? ScoreLabel { get; init; }
    public string? Explanation { get; init; }
    public string? ResponseId { get; init; }

    /// <summary>Where the result came from: "otlp", "feedback" or a scorer's name.</summary>
    public required string Source { get; init; }

    public required long TimeUnixNano { get; init; }
    public required string Feature { get; init; }
}
