using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using Vigil.Ingest.Otlp;
using A = Vigil.Ingest.GenAi.GenAiAttributes;
using OtlpEvent = OpenTelemetry.Proto.Trace.V1.Span.Types.Event;

namespace Vigil.Ingest.GenAi;

/// <summary>
/// The input and output content of a span, whichever convention carried it. Input, first found wins:
/// <list type="number">
/// <item><c>gen_ai.input.messages</c>, with <c>gen_ai.system_instructions</c> put in front as a
/// <c>{"role":"system","parts":…}</c> message when both are JSON arrays (joined by a blank line
/// otherwise); instructions alone when there are no messages;</item>
/// <item>the same attributes on a <c>gen_ai.client.inference.operation.details</c> span event;</item>
/// <item>pre-1.37 message events (<c>gen_ai.system.message</c>, <c>gen_ai.user.message</c>,
/// <c>gen_ai.assistant.message</c>, <c>gen_ai.tool.message</c>) as a JSON array of objects: the
/// event's attributes other than <c>gen_ai.*</c>, plus a <c>role</c> from the event name when the event
/// has none;</item>
/// <item>the <c>gen_ai.prompt</c> attribute of a <c>gen_ai.content.prompt</c> event, then on the span;</item>
/// <item>OpenInference <c>input.value</c>; then, for tool and retrieval spans,
/// <c>gen_ai.tool.call.arguments</c> and <c>gen_ai.retrieval.query.text</c>.</item>
/// </list>
/// Output likewise: <c>gen_ai.output.messages</c>, the details event, <c>gen_ai.choice</c> events (a JSON
/// array of their attributes), <c>gen_ai.completion</c> (event, then span), <c>output.value</c>,
/// <c>gen_ai.tool.call.result</c>, <c>gen_ai.retrieval.documents</c>. Structured values become compact
/// JSON; strings are kept as sent. Truncation is the caller's.
/// </summary>
internal static class ContentExtractor
{
    private const string DetailsEvent = "gen_ai.client.inference.operation.details";
    private const string PromptEvent = "gen_ai.content.prompt";
    private const string CompletionEvent = "gen_ai.content.completion";
    private const string ChoiceEvent = "gen_ai.choice";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static (string? Input, string? Output) Extract(SpanAttributes attributes, RepeatedField<OtlpEvent> events, int eventCount)
    {
        var input = WithInstructions(Text(attributes.Find(A.SystemInstructions)), Text(attributes.Find(A.InputMessages)));
        var output = Text(attributes.Find(A.OutputMessages));
        if (input is not null && output is not null)
        {
            return (input, output);
        }

        var details = FindEvent(events, eventCount, DetailsEvent);
        if (details is not null)
        {
            input ??= WithInstructions(Text(Attribute(details, A.SystemInstructions)), Text(Attribute(details, A.InputMessages)));
            output ??= Text(Attribute(details, A.OutputMessages));
        }

        input ??= MessageEvents(events, eventCount, input: true)
            ?? Text(Attribute(FindEvent(events, eventCount, PromptEvent), A.Prompt))
            ?? Text(attributes.Find(A.Prompt))
            ?? Text(attributes.Find(A.OiInputValue))
            ?? Text(attributes.Find(A.ToolCallArguments))
            ?? Text(attributes.Find(A.RetrievalQuery));
        output ??= MessageEvents(events, eventCount, input: false)
            ?? Text(Attribute(FindEvent(events, eventCount, CompletionEvent), A.Completion))
            ?? Text(attributes.Find(A.Completion))
            ?? Text(attributes.Find(A.OiOutputValue))
            ?? Text(attributes.Find(A.ToolCallResult))
            ?? Text(attributes.Find(A.RetrievalDocuments));
        return (input, output);
    }

    private static string? Text(AnyValue? value) => AnyValues.ToText(value) is { Length: > 0 } text ? text : null;

    private static string? WithInstructions(string? instructions, string? messages)
    {
        if (instructions is null || messages is null)
        {
            return messages ?? instructions;
        }

        var list = messages.AsSpan().Trim();
        var system = instructions.AsSpan().Trim();
        if (list.Length < 2 || list[0] != '[' || list[^1] != ']' || system.Length < 2 || system[0] != '[' || system[^1] != ']')
        {
            return instructions + "\n\n" + messages;
        }

        var rest = list[1..^1].Trim();
        return rest.IsEmpty
            ? string.Concat("[{\"role\":\"system\",\"parts\":", system, "}]")
            : string.Concat(string.Concat("[{\"role\":\"system\",\"parts\":", system, "},"), rest, "]");
    }

    private static OtlpEvent? FindEvent(RepeatedField<OtlpEvent> events, int eventCount, string name)
    {
        for (var i = 0; i < eventCount; i++)
        {
            if (events[i].Name == name)
            {
                return events[i];
            }
        }

        return null;
    }

    private static AnyValue? Attribute(OtlpEvent? @event, string key)
    {
        if (@event is null)
        {
            return null;
        }

        foreach (var pair in @event.Attributes)
        {
            if (pair.Key == key)
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>The message events (input) or choice events (output) as one JSON array, or null when there are none.</summary>
    private static string? MessageEvents(RepeatedField<OtlpEvent> events, int eventCount, bool input)
    {
        ArrayBufferWriter<byte>? buffer = null;
        Utf8JsonWriter? writer = null;
        try
        {
            for (var i = 0; i < eventCount; i++)
            {
                var @event = events[i];
                var role = input ? GenAiVocabulary.RoleOfMessageEvent(@event.Name) : null;
                if (input ? role is null : @event.Name != ChoiceEvent)
                {
                    continue;
                }

                if (writer is null)
                {
                    buffer = new ArrayBufferWriter<byte>(256);
                    writer = new Utf8JsonWriter(buffer, WriterOptions);
                    writer.WriteStartArray();
                }

                WriteEvent(writer, @event, role);
            }

            if (writer is null)
            {
                return null;
            }

            writer.WriteEndArray();
            writer.Flush();
            return Encoding.UTF8.GetString(buffer!.WrittenSpan);
        }
        finally
        {
            writer?.Dispose();
        }
    }

    private static void WriteEvent(Utf8JsonWriter writer, OtlpEvent @event, string? role)
    {
        writer.WriteStartObject();
        var hasRole = false;
        foreach (var pair in @event.Attributes)
        {
            if (pair.Key.StartsWith("gen_ai.", StringComparison.Ordinal) || pair.Key.Length == 0)
            {
                continue;
            }

            hasRole |= pair.Key == "role";
            writer.WritePropertyName(pair.Key);
            AnyValues.Write(writer, pair.Value, 1);
        }

        if (role is not null && !hasRole)
        {
            writer.WriteString("role", role);
        }

        writer.WriteEndObject();
    }
}
