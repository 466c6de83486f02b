using System.Text.Json;
using Sylvan.Data.Csv;

namespace Vigil.Simulator.Generation;

/// <summary>
/// Input texts by topic pool. Built in: per-feature generators (the usual traffic) and an
/// <c>off-topic</c> pool; more pools come from prompt files — CSV with a header row or JSONL — whose
/// category column names the pool (<c>category</c>, <c>type</c> or <c>act</c>), so an
/// <c>input_shift</c> to a pool is a real change of topic mix.
/// </summary>
public sealed class InputPools
{
    public const string OffTopic = "off-topic";

    private static readonly string[] OffTopicTexts =
    [
        "Write a poem about the sea in the style of a pirate.",
        "What is the capital of Australia and why was it chosen?",
        "Can you recommend a good recipe for vegan lasagna?",
        "Explain quantum entanglement to a ten-year-old.",
        "Who won the football world cup in 1998?",
        "Translate 'good morning, how are you' into Japanese.",
        "Plan a three-day trip to Lisbon with a small budget.",
        "What are the health benefits of green tea?",
    ];

    private readonly Dictionary<string, List<string>> _pools = new(StringComparer.Ordinal) { [OffTopic] = [.. OffTopicTexts] };

    public IReadOnlyCollection<string> Names => _pools.Keys;

    public bool Has(string pool) => _pools.ContainsKey(pool);

    public string Draw(Random random, string pool)
    {
        var texts = _pools.TryGetValue(pool, out var found) ? found : _pools[OffTopic];
        return texts[random.Next(texts.Count)];
    }

    /// <summary>Adds every row of a CSV or JSONL prompt file to the pool its category names.</summary>
    /// <returns>The pools the file added to, with their sizes.</returns>
    /// <exception cref="InvalidDataException">The file has no text or category column, or a row is malformed.</exception>
    public IReadOnlyDictionary<string, int> Load(string path, int maxTextLength = 4000)
    {
        var rows = path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? ReadJsonl(path) : ReadCsv(path);
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (category, text) in rows)
        {
            if (string.IsNullOrWhiteSpace(category) || string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var pool = category.Trim().ToLowerInvariant();
            if (!_pools.TryGetValue(pool, out var list))
            {
                _pools[pool] = list = [];
            }

            list.Add(text.Length > maxTextLength ? text[..maxTextLength] : text);
            added[pool] = added.GetValueOrDefault(pool) + 1;
        }

        return added;
    }

    private static readonly string[] CategoryColumns = ["category", "type", "act"];
    private static readonly string[] TextColumns = ["prompt", "text", "question", "input"];

    private static IEnumerable<(string Category, string Text)> ReadJsonl(string path)
    {
        var line = 0;
        foreach (var json in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(json))
            {
                continue;
            }

            using var doc = Parse(json, path, line);
            var root = doc.RootElement;
            var category = CategoryColumns.Select(c => root.TryGetProperty(c, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null).FirstOrDefault(v => v is not null)
                ?? throw new InvalidDataException($"{path}:{line}: no category field ({string.Join(", ", CategoryColumns)})");
            var text = TextOf(root) ?? throw new InvalidDataException($"{path}:{line}: no text field ({string.Join(", ", TextColumns)} or turns)");
            yield return (category, text);
        }
    }

    private static JsonDocument Parse(string json, string path, int line)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}:{line}: not valid JSON: {ex.Message}", ex);
        }
    }

    private static string? TextOf(JsonElement root)
    {
        foreach (var column in TextColumns)
        {
            if (root.TryGetProperty(column, out var v) && v.ValueKind == JsonValueKind.String)
            {
                return v.GetString();
            }
        }

        return root.TryGetProperty("turns", out var turns) && turns.ValueKind == JsonValueKind.Array && turns.GetArrayLength() > 0
            ? turns[0].GetString()
            : null;
    }

    private static IEnumerable<(string Category, string Text)> ReadCsv(string path)
    {
        // No comment lines: a prompt may well start with '#' (a Markdown heading), and Sylvan skips such lines by default.
        using var csv = CsvDataReader.Create(path, new CsvDataReaderOptions { Comment = '\0' });
        var columns = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToList();
        var categoryIndex = IndexOf(columns, CategoryColumns) ?? throw new InvalidDataException($"{path}: no category column ({string.Join(", ", CategoryColumns)}) in the header");
        var textIndex = IndexOf(columns, TextColumns) ?? throw new InvalidDataException($"{path}: no text column ({string.Join(", ", TextColumns)}) in the header");
        while (csv.Read())
        {
            yield return (csv.GetString(categoryIndex), csv.GetString(textIndex));
        }
    }

    private static int? IndexOf(List<string> header, string[] names)
    {
        foreach (var name in names)
        {
            var i = header.FindIndex(h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
            if (i >= 0)
            {
                return i;
            }
        }

        return null;
    }
}
