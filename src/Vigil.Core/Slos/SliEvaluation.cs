namespace Vigil.Core.Slos;

/// <summary>
/// One evaluation result as SLIs read it, with the dimensions of the span it evaluated (null when
/// the evaluation names no span, or the span is unknown).
/// </summary>
public sealed record SliEvaluation
{
    public required string ProjectId { get; init; }
    public required string TraceId { get; init; }
    public required string Name { get; init; }
    public double? ScoreValue { get; init; }
    public string? ScoreLabel { get; init; }
    public required string Source { get; init; }
    public required long TimeUnixNano { get; init; }
    public required string Feature { get; init; }
    public string? Team { get; init; }
    public string? Segment { get; init; }
    public string? Stage { get; init; }
    public string? Provider { get; init; }
    public string? Model { get; init; }
}
