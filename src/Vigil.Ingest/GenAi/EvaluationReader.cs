using System.Globalization;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using Vigil.Core.Spans;
using Vigil.Ingest.Otlp;
using A = Vigil.Ingest.GenAi.GenAiAttributes;
using OtlpEvent = OpenTelemetry.Proto.Trace.V1.Span.Types.Event;

namespace Vigil.Ingest.GenAi;

/// <summary>
/// <c>gen_ai.evaluation.result</c> span events → <see cref="EvaluationResult"/>s (source "otlp"), on any
/// span, GenAI or not: an evaluator may report on a span of its own that carries nothing else. A result
/// takes the feature and release of the span it is on (mapped: span attribute, else resource). The
/// event's time is used, or the span's start when the event has none. <c>gen_ai.response.id</c> comes
/// from the event, else from the span. An event without <c>gen_ai.evaluation.name</c> is skipped with an
/// error message (the span itself is kept). The explanation may quote content, so it is dropped when
/// <see cref="IngestLimits.StoreContent"/> is off and otherwise cut to the content limit.
/// </summary>
internal static class EvaluationReader
{
    public static void Read(
        RepeatedField<OtlpEvent> events, int eventCount, Span span, SpanAttributes attributes, IngestLimits limits,
        List<EvaluationResult> into, ErrorList errors, SpanPath path)
    {
        for (var i = 0; i < eventCount; i++)
        {
            var @event = events[i];
            if (@event.Name != A.EvaluationEvent)
            {
                continue;
            }

            AnyValue? name = null, value = null, label = null, explanation = null, responseId = null;
            foreach (var pair in @event.Attributes)
            {
                switch (pair.Key)
                {
                    case A.EvaluationName: name = pair.Value; break;
                    case A.EvaluationScoreValue: value = pair.Value; break;
                    case A.EvaluationScoreLabel: label = pair.Value; break;
                    case A.EvaluationExplanation: explanation = pair.Value; break;
                    case A.ResponseId: responseId = pair.Value; break;
                    default: break;
                }
            }

            var nameText = Text(name, limits.MaxAttributeValueLength);
            if (nameText is null)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}.events[{i}]: {A.EvaluationEvent} without {A.EvaluationName} is ignored"));
                continue;
            }

            var score = value is null ? null : AnyValues.ToDouble(value);
            into.Add(new EvaluationResult
            {
                ProjectId = span.ProjectId,
                TraceId = span.TraceId,
                SpanId = span.SpanId,
                Name = nameText,
                ScoreValue = score is { } s && double.IsFinite(s) ? s : null,
                ScoreLabel = Text(label, limits.MaxAttributeValueLength),
                Explanation = limits.StoreContent ? Text(explanation, limits.MaxContentLength) : null,
                ResponseId = Text(responseId ?? attributes.Find(A.ResponseId), limits.MaxAttributeValueLength),
                Source = EvaluationResult.OtlpSource,
                TimeUnixNano = @event.TimeUnixNano is > 0 and <= long.MaxValue ? (long)@event.TimeUnixNano : span.StartUnixNano,
                Feature = span.Feature,
                Release = span.Release,
            });
        }
    }

    private static string? Text(AnyValue? value, int max) =>
        AnyValues.ToText(value) is { Length: > 0 } text ? AnyValues.Truncate(text, max) : null;
}
