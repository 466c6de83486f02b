using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// OTLP/JSON (the OTLP specification's "JSON Protobuf Encoding") to the protobuf request types, so
/// that JSON and protobuf exports take the same mapping path. Field names in lowerCamelCase or the
/// original snake_case; enums as integers or names; 64-bit integers as strings or numbers; unknown
/// fields ignored, and so are unknown enum names (the field keeps its default, as Google.Protobuf
/// does with unknown fields ignored); <c>{}</c> is an empty request. Trace and span ids are hex (any case) and are
/// rewritten to base64 before Google.Protobuf's parser sees them (see <see cref="OtlpJsonIds"/>).
/// </summary>
public static class OtlpJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <exception cref="OtlpFormatException">The body is not valid OTLP/JSON; the message says where and why.</exception>
    public static ExportTraceServiceRequest ParseTraces(ReadOnlySpan<byte> utf8Json) => Parse<ExportTraceServiceRequest>(utf8Json);

    /// <exception cref="OtlpFormatException">The body is not valid OTLP/JSON; the message says where and why.</exception>
    public static ExportMetricsServiceRequest ParseMetrics(ReadOnlySpan<byte> utf8Json) => Parse<ExportMetricsServiceRequest>(utf8Json);

    private static T Parse<T>(ReadOnlySpan<byte> utf8Json)
        where T : IMessage<T>, new()
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            throw new OtlpFormatException($"the body is not valid UTF-8 (first bad byte at offset {FirstInvalidUtf8(utf8Json)})");
        }

        var json = OtlpJsonIds.Rewrite(utf8Json);
        try
        {
            return Parser.Parse<T>(json);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            throw new OtlpFormatException($"invalid OTLP/JSON: {ex.Message}", ex);
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        Span<char> scratch = stackalloc char[512];
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes[offset..], scratch, out var read, out _, replaceInvalidSequences: false);
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                return offset + read;
            }

            offset += read;
            if (status == System.Buffers.OperationStatus.Done)
            {
                break;
            }
        }

        return offset;
    }
}
