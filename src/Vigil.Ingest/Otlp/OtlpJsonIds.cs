using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// Prepares OTLP/JSON for Google.Protobuf's <c>JsonParser</c>, which reads <c>bytes</c> fields as
/// base64 and would silently turn a 32-character hex trace id into 24 bytes. One pass of
/// <see cref="Utf8JsonReader"/> validates the JSON and, copying everything else byte for byte:
/// <list type="bullet">
/// <item>rewrites every <c>traceId</c>, <c>spanId</c> and <c>parentSpanId</c> (or snake_case
/// <c>trace_id</c>, …; in spans, links and exemplars alike, as the names occur nowhere else) from hex
/// to base64, checking it is hex of the right length (32 characters for a trace id, 16 for a span id)
/// or empty, and naming the JSON path when not;</item>
/// <item>quotes integers of more than 15 digits, which the parser would otherwise read through a
/// double and round (a nanosecond timestamp needs 19); protobuf's JSON mapping accepts 64-bit
/// integers and doubles as strings.</item>
/// </list>
/// </summary>
internal static class OtlpJsonIds
{
    private const int MaxExactDigits = 15;
    private const int MaxShownValue = 64;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    /// <summary>Frame of the container being read: the current property (object) or index (array).</summary>
    private struct Frame
    {
        public bool IsArray;
        public int Index;
        public int NameStart;
        public int NameLength;
    }

    public static string Rewrite(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        ArrayBufferWriter<byte>? output = null;
        var copied = 0;
        var frames = new Frame[16];
        var depth = 0;
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    depth--;
                    continue;
                }

                if (token == JsonTokenType.PropertyName)
                {
                    ref var frame = ref frames[depth - 1];
                    frame.NameStart = (int)reader.TokenStartIndex + 1;
                    frame.NameLength = reader.ValueSpan.Length;
                    var hexLength = IdHexLength(ref reader);
                    if (hexLength > 0)
                    {
                        reader.Read();
                        RewriteId(ref reader, json, hexLength, frames, depth, ref output, ref copied);
                    }

                    continue;
                }

                if (depth > 0 && frames[depth - 1].IsArray)
                {
                    frames[depth - 1].Index++;
                }

                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    if (depth == frames.Length)
                    {
                        Array.Resize(ref frames, depth * 2);
                    }

                    frames[depth++] = new Frame { IsArray = token == JsonTokenType.StartArray, Index = -1 };
                }
                else if (token == JsonTokenType.Number && IsLongInteger(reader.ValueSpan))
                {
                    var start = (int)reader.TokenStartIndex;
                    Replace(json, start, start + reader.ValueSpan.Length, ref output, ref copied, Quoted(reader.ValueSpan));
                }
            }
        }
        catch (JsonException ex)
        {
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            throw new OtlpFormatException(
                string.Create(CultureInfo.InvariantCulture, $"malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {(cut > 0 ? message[..cut] : message)}"), ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new OtlpFormatException($"malformed JSON: {ex.Message}", ex);
        }

        if (output is null)
        {
            return Encoding.UTF8.GetString(json);
        }

        output.Write(json[copied..]);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>32 for a trace id property, 16 for a span id property, 0 for anything else.</summary>
    private static int IdHexLength(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("traceId"u8) || reader.ValueTextEquals("trace_id"u8))
        {
            return 32;
        }

        return reader.ValueTextEquals("spanId"u8) || reader.ValueTextEquals("span_id"u8)
            || reader.ValueTextEquals("parentSpanId"u8) || reader.ValueTextEquals("parent_span_id"u8) ? 16 : 0;
    }

    private static void RewriteId(
        ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int hexLength, Frame[] frames, int depth, ref ArrayBufferWriter<byte>? output, ref int copied)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new OtlpFormatException($"{Path(json, frames, depth)}: must be a hex string, got {reader.TokenType}");
        }

        var raw = reader.ValueSpan;
        var hex = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : raw;
        if (hex.Length == 0)
        {
            return;
        }

        Span<byte> id = stackalloc byte[16];
        if (hex.Length != hexLength || !TryDecodeHex(hex, id[..(hexLength / 2)]))
        {
            var shown = reader.GetString()!;
            shown = shown.Length > MaxShownValue ? string.Concat(shown.AsSpan(0, MaxShownValue), "…") : shown;
            throw new OtlpFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{Path(json, frames, depth)}: '{shown}' is not {hexLength} hex characters"));
        }

        Span<byte> quoted = stackalloc byte[2 + 24];
        Base64.EncodeToUtf8(id[..(hexLength / 2)], quoted[1..], out _, out var written);
        quoted[0] = (byte)'"';
        quoted[written + 1] = (byte)'"';
        var start = (int)reader.TokenStartIndex;
        Replace(json, start, start + raw.Length + 2, ref output, ref copied, quoted[..(written + 2)]);
    }

    private static bool TryDecodeHex(ReadOnlySpan<byte> hex, Span<byte> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var high = Nibble(hex[2 * i]);
            var low = Nibble(hex[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    private static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsLongInteger(ReadOnlySpan<byte> number)
    {
        var digits = number.Length - (number[0] == (byte)'-' ? 1 : 0);
        return digits > MaxExactDigits && number.IndexOfAny(".eE"u8) < 0;
    }

    private static byte[] Quoted(ReadOnlySpan<byte> number)
    {
        var quoted = new byte[number.Length + 2];
        quoted[0] = quoted[^1] = (byte)'"';
        number.CopyTo(quoted.AsSpan(1));
        return quoted;
    }

    private static void Replace(ReadOnlySpan<byte> json, int start, int end, ref ArrayBufferWriter<byte>? output, ref int copied, ReadOnlySpan<byte> replacement)
    {
        output ??= new ArrayBufferWriter<byte>(json.Length + 256);
        output.Write(json[copied..start]);
        output.Write(replacement);
        copied = end;
    }

    /// <summary>The JSON path of the current property, built only for an error message.</summary>
    private static string Path(ReadOnlySpan<byte> json, Frame[] frames, int depth)
    {
        var path = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            var frame = frames[i];
            if (frame.IsArray)
            {
                path.Append(CultureInfo.InvariantCulture, $"[{frame.Index}]");
            }
            else
            {
                path.Append(path.Length == 0 ? "" : ".").Append(Encoding.UTF8.GetString(json.Slice(frame.NameStart, frame.NameLength)));
            }
        }

        return path.ToString();
    }
}
