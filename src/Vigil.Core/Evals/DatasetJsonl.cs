using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vigil.Core.Evals;

/// <summary>
/// The JSONL form of a dataset: one JSON object per line with <c>input</c> (required, a string),
/// <c>expected</c> (or <c>expected_output</c>), <c>context</c> (documents as <c>{"id","text"}</c> objects or
/// bare strings, numbered <c>doc-1</c>, …), <c>metadata</c> (an object of scalars) and <c>id</c>. An item
/// without an id gets one from its input (<c>i-</c> and 12 hex digits of its SHA-256), so importing the
/// same file twice pairs the same items. Unknown keys are refused: a misspelt <c>expectd</c> would
/// otherwise silently make a dataset without references.
/// </summary>
public static class DatasetJsonl
{
    /// <summary>At most this many problems are reported; a file with more is clearly the wrong file.</summary>
    public const int MaxProblems = 20;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Parses JSONL text; blank lines are skipped. Every problem names its line and key.</summary>
    public static DatasetParse Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = new List<DatasetItem>();
        var problems = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (problems.Count >= MaxProblems)
            {
                problems.Add("… further lines not checked");
                break;
            }

            var item = ParseLine(line, lineNumber, problems);
            if (item is null)
            {
                continue;
            }

            if (seen.TryGetValue(item.Id, out var first))
            {
                problems.Add($"line {lineNumber}: id: '{item.Id}' repeats the item of line {first}");
                continue;
            }

            seen[item.Id] = lineNumber;
            items.Add(item);
        }

        if (items.Count == 0 && problems.Count == 0)
        {
            problems.Add("the file holds no items");
        }

        return new DatasetParse(items, problems);
    }

    /// <summary>The items as JSONL, one line each, keys in a fixed order (the form whose hash is <see cref="DatasetVersion.ContentHash"/>).</summary>
    public static string Format(IEnumerable<DatasetItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var builder = new StringBuilder();
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var item in items)
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                Write(writer, item);
            }

            builder.Append(Encoding.UTF8.GetString(buffer.WrittenSpan)).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>SHA-256 of <see cref="Format"/>'s output, lower-case hex.</summary>
    public static string Hash(IEnumerable<DatasetItem> items) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Format(items))));

    /// <summary>The id an item without one gets: <c>i-</c> and the first 12 hex digits of its input's SHA-256.</summary>
    public static string DefaultId(string input) =>
        "i-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..12];

    private static void Write(Utf8JsonWriter writer, DatasetItem item)
    {
        writer.WriteStartObject();
        writer.WriteString("id", item.Id);
        writer.WriteString("input", item.Input);
        if (item.Expected is not null)
        {
            writer.WriteString("expected", item.Expected);
        }

        if (item.Context.Count > 0)
        {
            writer.WriteStartArray("context");
            foreach (var doc in item.Context)
            {
                writer.WriteStartObject();
                writer.WriteString("id", doc.Id);
                writer.WriteString("text", doc.Text);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (item.Metadata.Count > 0)
        {
            writer.WriteStartObject("metadata");
            foreach (var (key, value) in item.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static DatasetItem? ParseLine(string line, int lineNumber, List<string> problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            problems.Add($"line {lineNumber}: not valid JSON ({ex.Message})");
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"line {lineNumber}: must be a JSON object, not {Kind(root)}");
                return null;
            }

            var before = problems.Count;
            string? id = null, input = null, expected = null;
            IReadOnlyList<DatasetDocument> context = [];
            IReadOnlyDictionary<string, string>? metadata = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "id":
                        id = Text(property, lineNumber, problems, allowNumber: true);
                        break;
                    case "input":
                        input = Text(property, lineNumber, problems, allowNumber: false);
                        break;
                    case "expected" or "expected_output":
                        expected = property.Value.ValueKind == JsonValueKind.Null ? null : Text(property, lineNumber, problems, allowNumber: true);
                        break;
                    case "context":
                        context = Context(property.Value, lineNumber, problems);
                        break;
                    case "metadata":
                        metadata = Metadata(property.Value, lineNumber, problems);
                        break;
                    default:
                        problems.Add($"line {lineNumber}: {property.Name}: unknown key (known: id, input, expected, context, metadata)");
                        break;
                }
            }

            if (input is null && problems.Count == before)
            {
                problems.Add($"line {lineNumber}: input: is required");
            }

            if (id is not null && (id.Length is 0 or > 128))
            {
                problems.Add($"line {lineNumber}: id: must have 1–128 characters");
            }

            if (problems.Count > before || input is null)
            {
                return null;
            }

            return new DatasetItem
            {
                Id = id ?? DefaultId(input),
                Input = input,
                Expected = expected,
                Context = context,
                Metadata = metadata ?? new Dictionary<string, string>(StringComparer.Ordinal),
            };
        }
    }

    private static string? Text(JsonProperty property, int lineNumber, List<string> problems, bool allowNumber)
    {
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        if (allowNumber && value.ValueKind == JsonValueKind.Number)
        {
            return value.GetRawText();
        }

        problems.Add($"line {lineNumber}: {property.Name}: must be a string, not {Kind(value)}");
        return null;
    }

    private static List<DatasetDocument> Context(JsonElement value, int lineNumber, List<string> problems)
    {
        var documents = new List<DatasetDocument>();
        if (value.ValueKind == JsonValueKind.Null)
        {
            return documents;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"line {lineNumber}: context: must be an array of documents, not {Kind(value)}");
            return documents;
        }

        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            index++;
            if (element.ValueKind == JsonValueKind.String)
            {
                documents.Add(new DatasetDocument("doc-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), element.GetString()!));
            }
            else if (element.ValueKind == JsonValueKind.Object
                && element.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                var id = element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
                    ? idElement.GetString()!
                    : "doc-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                documents.Add(new DatasetDocument(id, text.GetString()!));
            }
            else
            {
                problems.Add($"line {lineNumber}: context[{index - 1}]: must be a string or an object with a string 'text' (and 'id')");
            }
        }

        return documents;
    }

    private static Dictionary<string, string>? Metadata(JsonElement value, int lineNumber, List<string> problems)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"line {lineNumber}: metadata: must be an object, not {Kind(value)}");
            return null;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    metadata[property.Name] = property.Value.GetString()!;
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    metadata[property.Name] = property.Value.GetRawText();
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    problems.Add($"line {lineNumber}: metadata.{property.Name}: must be a string, number or boolean, not {Kind(property.Value)}");
                    break;
            }
        }

        return metadata;
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
}

/// <summary>The items read from a JSONL file, and every problem found (empty when the whole file is good).</summary>
public sealed record DatasetParse(IReadOnlyList<DatasetItem> Items, IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
