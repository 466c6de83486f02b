using System.Text.Json;

namespace Vigil.Detectors.Tables.Internal;

/// <summary>
/// JSON Lines: one object per line (blank lines skipped), columns are the union of the keys in order of first
/// appearance, a key absent from a line or null is missing. Strings, numbers and booleans become their text;
/// an array of strings becomes its items joined by new lines (e.g. chat turns); other arrays and objects their JSON.
/// </summary>
internal static class JsonLinesTableReader
{
    public static ColumnTable Read(string path)
    {
        var columns = new Dictionary<string, List<string?>>(StringComparer.Ordinal);
        var order = new List<string>();
        var lines = new List<int>();
        var lineNumber = 0;
        IEnumerable<string> source;
        try
        {
            source = File.ReadLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TableLoadException(path, null, null, ex.Message);
        }

        foreach (var text in source)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            using var document = Parse(text, path, lineNumber);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new TableLoadException(path, lineNumber, null, $"a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, but every line must be one object");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!columns.TryGetValue(property.Name, out var values))
                {
                    // A column that first appears now was missing on every earlier row.
                    values = [.. Enumerable.Repeat<string?>(null, lines.Count)];
                    columns[property.Name] = values;
                    order.Add(property.Name);
                }

                if (values.Count == lines.Count + 1)
                {
                    throw new TableLoadException(path, lineNumber, property.Name, "the object has this key twice");
                }

                values.Add(Text(property.Value));
            }

            lines.Add(lineNumber);
            foreach (var values in columns.Values.Where(v => v.Count < lines.Count))
            {
                values.Add(null);
            }
        }

        return new ColumnTable(path, [.. order.Select(name => new TableColumn(name, columns[name], lines))]);
    }

    private static JsonDocument Parse(string text, string path, int line)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            var position = ex.BytePositionInLine is { } p ? $" at character {p + 1}" : "";
            throw new TableLoadException(path, line, null, $"not valid JSON{position}: {ex.Message}");
        }
    }

    private static string? Text(JsonElement value)
    {
        var text = Raw(value);
        return Missing.Is(text) ? null : text;
    }

    private static string? Raw(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
            string.Join('\n', value.EnumerateArray().Select(e => e.GetString())),
        _ => value.GetRawText(),
    };
}
