using Vigil.Core.Spans;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// What one trace export request mapped to: the spans to store, the evaluation results found on
/// them, how many spans were rejected (OTLP partial success) with up to ten messages naming each
/// problem's place, and how many values were cut to the configured limits.
/// </summary>
public sealed record MappedTraces(
    IReadOnlyList<Span> Spans,
    IReadOnlyList<EvaluationResult> Evaluations,
    int RejectedSpans,
    IReadOnlyList<string> Errors,
    int TruncatedValues)
{
    /// <summary>Attributes left out of stored spans: over <see cref="IngestLimits.MaxAttributesPerSpan"/>, or with a key over 1024 characters.</summary>
    public int DroppedAttributes { get; init; }

    /// <summary>Span events not read: over <see cref="IngestLimits.MaxEventsPerSpan"/>.</summary>
    public int DroppedEvents { get; init; }
}
