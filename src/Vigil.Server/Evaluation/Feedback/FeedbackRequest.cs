using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Core.Queries;

namespace Vigil.Server.Evaluation.Feedback;

/// <summary>
/// A user's feedback on one response, as <c>POST /api/v1/feedback</c> takes it: the trace (and
/// optionally the span) it is about, a score in [0, 1] and/or a label, a comment. <see cref="Score"/>
/// is always set once parsed: the given score, else the one a known label means (<c>thumbs_up</c>,
/// <c>positive</c>, <c>good</c> → 1; <c>thumbs_down</c>, <c>negative</c>, <c>bad</c> → 0).
/// </summary>
internal sealed record FeedbackRequest(
    string TraceId, string? SpanId, string Name, double Score, string? Label, string? Comment, string? ResponseId)
{
    public const string DefaultName = "user_feedback";
    public const int MaxCommentBytes = 4 * 1024;
    public const int MaxNameLength = 128;
    public const int MaxLabelLength = 128;
    public const int MaxResponseIdLength = 256;

    private static readonly string[] Fields = ["traceId", "spanId", "name", "score", "label", "comment", "responseId"];

    /// <summary>
    /// The request in <paramref name="body"/>, or null with every problem added to <paramref name="errors"/>
    /// under the field it is about. Field names are matched ignoring case, as the API's JSON binding does;
    /// an unknown field is a problem (a typo must not silently drop the score). Ids are lower-cased.
    /// </summary>
    public static FeedbackRequest? Parse(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = [$"must be a JSON object, not {Kind(body)}"];
            return null;
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            var field = Fields.FirstOrDefault(f => f.Equals(property.Name, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                errors[property.Name] = [$"unknown field (the fields are {string.Join(", ", Fields)})"];
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                values[field] = property.Value;
            }
        }

        var traceId = HexId(values, "traceId", 32, errors);
        if (traceId is null && !errors.ContainsKey("traceId"))
        {
            errors["traceId"] = ["required: the id of the trace the feedback is about (32 hex characters)"];
        }

        var spanId = HexId(values, "spanId", 16, errors);
        var name = Text(values, "name", MaxNameLength, errors) ?? DefaultName;
        var label = Text(values, "label", MaxLabelLength, errors);
        var comment = Text(values, "comment", int.MaxValue, errors);
        if (comment is not null && Encoding.UTF8.GetByteCount(comment) > MaxCommentBytes)
        {
            errors["comment"] = [string.Create(CultureInfo.InvariantCulture,
                $"longer than {MaxCommentBytes} bytes of UTF-8 ({Encoding.UTF8.GetByteCount(comment)} bytes)")];
        }

        var responseId = Text(values, "responseId", MaxResponseIdLength, errors);
        var score = ReadScore(values, errors);
        if (score is null && !errors.ContainsKey("score"))
        {
            score = LabelScore(label);
            if (score is null && label is not null && !errors.ContainsKey("label"))
            {
                errors["label"] = [$"'{label}' has no known score: send a score (0 to 1) with it, or use one of {string.Join(", ", EvaluationLabels.Positive.Concat(EvaluationLabels.Negative))}"];
            }
            else if (score is null && label is null)
            {
                errors["score"] = [$"required when there is no label: a number from 0 to 1, or a label such as {EvaluationLabels.Positive[0]} or {EvaluationLabels.Negative[0]}"];
            }
        }

        return errors.Count > 0 ? null : new FeedbackRequest(traceId!, spanId, name, score!.Value, label, comment, responseId);
    }

    /// <summary>1 for a positive feedback label, 0 for a negative one (ignoring case), null otherwise.</summary>
    public static double? LabelScore(string? label) =>
        label is null ? null
        : EvaluationLabels.Positive.Contains(label, StringComparer.OrdinalIgnoreCase) ? 1
        : EvaluationLabels.Negative.Contains(label, StringComparer.OrdinalIgnoreCase) ? 0
        : null;

    private static double? ReadScore(Dictionary<string, JsonElement> values, Dictionary<string, string[]> errors)
    {
        if (!values.TryGetValue("score", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var score) || !double.IsFinite(score))
        {
            errors["score"] = [$"must be a number from 0 to 1, not {Kind(value)}"];
            return null;
        }

        if (score is < 0 or > 1)
        {
            errors["score"] = [$"must be from 0 to 1 (got {value.GetRawText()})"];
            return null;
        }

        return score;
    }

    private static string? HexId(Dictionary<string, JsonElement> values, string field, int length, Dictionary<string, string[]> errors)
    {
        if (!values.TryGetValue(field, out var value))
        {
            return null;
        }

        var what = string.Create(CultureInfo.InvariantCulture, $"must be {length} hex characters");
        if (value.ValueKind != JsonValueKind.String)
        {
            errors[field] = [$"{what}, not {Kind(value)}"];
            return null;
        }

        var id = value.GetString()!.ToLowerInvariant();
        if (id.Length != length || !id.All(char.IsAsciiHexDigitLower))
        {
            errors[field] = [$"{what} (got '{Shorten(value.GetString()!)}')"];
            return null;
        }

        if (id.All(c => c == '0'))
        {
            errors[field] = [$"{what}, not all zero (an invalid id in OpenTelemetry)"];
            return null;
        }

        return id;
    }

    private static string? Text(Dictionary<string, JsonElement> values, string field, int maxLength, Dictionary<string, string[]> errors)
    {
        if (!values.TryGetValue(field, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors[field] = [$"must be a string, not {Kind(value)}"];
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            errors[field] = ["must not be empty (leave the field out instead)"];
            return null;
        }

        if (text.Length > maxLength)
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"longer than {maxLength} characters")];
            return null;
        }

        return text;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
