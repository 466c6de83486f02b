using Vigil.Core.Queries;

namespace Vigil.Core.Detection;

/// <summary>One feature's root spans per period and segment (<c>vigil.segment</c>), with quality and refusal scores from evaluations on their traces.</summary>
public sealed record SegmentStatsQuery
{
    public required string ProjectId { get; init; }
    public required string Feature { get; init; }
    public required TimeRange Range { get; init; }

    /// <summary>Periods count from the range's start (the last one ends at its end when the range is a whole number of periods); a whole number of minutes.</summary>
    public required TimeSpan Period { get; init; }

    /// <summary>Evaluation names whose mean is the quality (0–1, higher is better); empty: no quality.</summary>
    public IReadOnlyList<string> QualityScores { get; init; } = [];

    /// <summary>The evaluation whose score 1 marks a refusal (the <c>refusal</c> scorer's); null: no refusal share.</summary>
    public string? RefusalScore { get; init; }
}

/// <summary>
/// One period of one segment (null: every root span of the feature, the whole): root spans, their p95 duration,
/// the sum and count of quality scores, and how many refusal scores there were and how many of them were refusals.
/// Root spans without a segment count in the whole only.
/// </summary>
public sealed record SegmentStats(
    DateTimeOffset PeriodStart, string? Segment, long Count, double? LatencyP95Ms,
    double QualitySum, long QualityCount, long Refusals, long RefusalScored);
