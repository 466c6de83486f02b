using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenTelemetry.Proto.Common.V1;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// OTLP <see cref="AnyValue"/>s as Vigil stores them: strings as they are, numbers and booleans
/// in invariant culture (doubles round-trippable, "R"), bytes as base64, arrays and key-value
/// lists as compact JSON (arrays → JSON arrays, kvlists → JSON objects, scalars keep their JSON
/// type). Nothing here throws on odd content.
/// </summary>
internal static class AnyValues
{
    /// <summary>Deeper nesting than this is written as the string "…" (the protobuf parser already stops at 100).</summary>
    private const int MaxJsonDepth = 32;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>The value as text; null for an empty <see cref="AnyValue"/> (OTLP's null).</summary>
    public static string? ToText(AnyValue? value)
    {
        if (value is null)
        {
            return null;
        }

        return value.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => value.StringValue,
            AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
            AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
            AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue => ToJson(value),
            _ => null,
        };
    }

    /// <summary>The length <see cref="ToText"/> would return, computed without rendering scalars.</summary>
    public static int TextLength(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue.Length,
        AnyValue.ValueOneofCase.BytesValue => (value.BytesValue.Length + 2) / 3 * 4,
        AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue => ToJson(value).Length,
        _ => 0,
    };

    /// <summary>A structured value as compact JSON text.</summary>
    public static string ToJson(AnyValue value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, value, 0);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a value in its natural JSON form; an empty value is written as null.</summary>
    public static void Write(Utf8JsonWriter writer, AnyValue? value, int depth)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        if (depth >= MaxJsonDepth)
        {
            writer.WriteStringValue("…");
            return;
        }

        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                writer.WriteStringValue(value.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                writer.WriteBooleanValue(value.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                writer.WriteNumberValue(value.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                WriteDouble(writer, value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                writer.WriteBase64StringValue(value.BytesValue.Span);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartArray();
                foreach (var item in value.ArrayValue.Values)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                writer.WriteStartObject();
                foreach (var pair in value.KvlistValue.Values)
                {
                    writer.WritePropertyName(pair.Key);
                    Write(writer, pair.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>JSON has no NaN or infinity: those are written as strings ("NaN", "Infinity").</summary>
    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    public static long? ToLong(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue)
            && Math.Floor(value.DoubleValue) == value.DoubleValue && Math.Abs(value.DoubleValue) < 9e18 => (long)value.DoubleValue,
        AnyValue.ValueOneofCase.StringValue when long.TryParse(value.StringValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static double? ToDouble(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.StringValue when double.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static bool? ToBool(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.StringValue when bool.TryParse(value.StringValue, out var parsed) => parsed,
        AnyValue.ValueOneofCase.IntValue when value.IntValue is 0 or 1 => value.IntValue == 1,
        _ => null,
    };

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="max"/> characters without splitting a surrogate pair.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var end = max;
        if (end > 0 && char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return text[..end];
    }
}
