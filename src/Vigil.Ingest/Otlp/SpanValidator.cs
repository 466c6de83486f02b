using System.Globalization;
using Google.Protobuf;
using OtlpSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// The checks a span must pass to be stored. A trace id is 16 bytes and a span id 8, neither all
/// zeros (the W3C invalid ids); a parent id is empty or 8 bytes, and an all-zero parent is read as
/// none (some converters send it for roots). The start time must be set, and the end must not be
/// before the start. An empty name is accepted as sent (OTLP calls it "unknown", not invalid).
/// </summary>
internal static class SpanValidator
{
    /// <summary>The problem with <paramref name="span"/>, or null when it is valid.</summary>
    public static string? Check(OtlpSpan span)
    {
        if (IdProblem(span.TraceId, 16, "traceId") is { } traceProblem)
        {
            return traceProblem;
        }

        if (IdProblem(span.SpanId, 8, "spanId") is { } spanProblem)
        {
            return spanProblem;
        }

        if (span.ParentSpanId.Length is not 0 and not 8)
        {
            return Invariant($"parentSpanId must be empty or 8 bytes, got {span.ParentSpanId.Length}");
        }

        if (span.StartTimeUnixNano == 0)
        {
            return "startTimeUnixNano is 0";
        }

        if (span.StartTimeUnixNano > long.MaxValue || span.EndTimeUnixNano > long.MaxValue)
        {
            return "start or end time is beyond the year 2262";
        }

        if (span.EndTimeUnixNano < span.StartTimeUnixNano)
        {
            return Invariant($"endTimeUnixNano ({span.EndTimeUnixNano}) is before startTimeUnixNano ({span.StartTimeUnixNano}): negative duration");
        }

        return null;
    }

    /// <summary>The parent id as lower-case hex, or null for a root span (empty or all-zero id).</summary>
    public static string? ParentId(ByteString parent) =>
        parent.Length == 0 || IsZero(parent.Span) ? null : Convert.ToHexStringLower(parent.Span);

    private static string? IdProblem(ByteString id, int length, string field)
    {
        if (id.Length != length)
        {
            return Invariant($"{field} must be {length} bytes, got {id.Length}");
        }

        return IsZero(id.Span) ? $"{field} is all zeros" : null;
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
