using System.Text;
using System.Text.Json;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Evals;

namespace Vigil.Server.Evaluation;

/// <summary>
/// One production trace as a scoring case: what the feature received (the root's input, else the
/// retrieval query, else the generation's user message), the answer of its (last successful) generation span, the documents of its retrieval spans, its cost and its root's duration. The
/// evaluation is attached to the generation span (the root when there is none).
/// </summary>
internal sealed record TraceCase(ScoringInput Input, Span Root, string EvaluatedSpanId)
{
    private const string RetrievalDocuments = "gen_ai.retrieval.documents";
    private const string RetrievalQuery = "gen_ai.retrieval.query.text";

    /// <summary>A labelled reference answer for the trace (the subset of traffic teams label), read as the expected output.</summary>
    public const string ReferenceAttribute = "vigil.reference";

    /// <summary>The case, or null when the trace holds no output to judge (content not captured, every call failed).</summary>
    public static TraceCase? From(TraceDetail trace)
    {
        var spans = Flatten(trace.Roots).ToList();
        var root = spans.FirstOrDefault(s => s.ParentSpanId is null) ?? spans[0];
        var generation = spans
            .Where(s => (s.Stage == Stages.Generation || s.Operation is "chat" or "text_completion" or "generate_content")
                && s.Status != SpanStatus.Error && s.OutputContent is not null)
            .MaxBy(s => s.StartUnixNano);
        var output = MessageText(generation?.OutputContent ?? root.OutputContent, "assistant");
        if (string.IsNullOrEmpty(output))
        {
            return null;
        }

        // What the feature received: the root's own input, else the retrieval query, else the generation's
        // user message (which, in a RAG pipeline, also holds the documents pasted into the prompt).
        var input = MessageText(root.InputContent, "user")
            ?? spans.Where(s => s.Stage == Stages.Retrieval || s.Operation == "retrieval")
                .Select(s => s.Attributes.GetValueOrDefault(RetrievalQuery) ?? s.InputContent).FirstOrDefault(q => !string.IsNullOrWhiteSpace(q))
            ?? MessageText(generation?.InputContent, "user") ?? "";
        var context = spans
            .Where(s => s.Stage == Stages.Retrieval || s.Operation == "retrieval")
            .SelectMany(s => Documents(s.Attributes.GetValueOrDefault(RetrievalDocuments) ?? s.OutputContent))
            .ToList();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["feature"] = root.Feature, ["trace_id"] = trace.TraceId };
        Add(metadata, "release", root.Release);
        Add(metadata, "segment", root.Segment);
        var scoring = new ScoringInput
        {
            Input = input,
            Output = output,
            Expected = root.Attributes.GetValueOrDefault(ReferenceAttribute) ?? generation?.Attributes.GetValueOrDefault(ReferenceAttribute),
            Context = context,
            Metadata = metadata,
            CostUsd = trace.Cost,
            LatencyMs = root.DurationMs,
        };
        return new TraceCase(scoring, root, generation?.SpanId ?? root.SpanId);
    }

    private static IEnumerable<Span> Flatten(IEnumerable<SpanNode> nodes) =>
        nodes.SelectMany(n => Flatten(n.Children).Prepend(n.Span));

    private static void Add(Dictionary<string, string> metadata, string key, string? value)
    {
        if (value is not null)
        {
            metadata[key] = value;
        }
    }

    /// <summary>
    /// The text of the last message of <paramref name="role"/> in GenAI-conventions JSON (<c>parts</c> of
    /// type text, or an OpenAI-style <c>content</c> string); content that is not such JSON is the text itself.
    /// </summary>
    internal static string? MessageText(string? content, string role)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return content;
            }

            string? last = null;
            foreach (var message in document.RootElement.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object
                    && message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String && r.ValueEquals(role))
                {
                    last = Text(message) ?? last;
                }
            }

            return last;
        }
        catch (JsonException)
        {
            return content;
        }
    }

    private static string? Text(JsonElement message)
    {
        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (!message.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var part in parts.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String
                && (!part.TryGetProperty("type", out var type) || type.ValueEquals("text")))
            {
                text.Append(text.Length > 0 ? "\n" : "").Append(c.GetString());
            }
        }

        return text.Length > 0 ? text.ToString() : null;
    }

    /// <summary>Documents as the GenAI conventions carry them: a JSON array of objects with <c>id</c> and <c>content</c> (or <c>text</c>).</summary>
    internal static IEnumerable<ContextDocument> Documents(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var documents = new List<ContextDocument>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
                    && (Property(item, "content") ?? Property(item, "text")) is { } text)
                {
                    documents.Add(new ContextDocument(id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText(), text));
                }
            }

            return documents;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string? Property(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
