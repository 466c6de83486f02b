using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Server.Api;
using Vigil.Server.Releases;
using Vigil.Server.Tests.Releases;

namespace Vigil.Server.Tests.Evaluation;

/// <summary>Calls the dataset and run tests share: JSONL imports, releases, and GenAI traces exported as OTLP/JSON.</summary>
internal static class EvalApi
{
    public const string Feature = "support-chat";

    /// <summary>Lines joined with "\n", the last one ended too (the form an export has).</summary>
    public static string Jsonl(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));

    /// <summary><c>POST /api/v1/datasets/{name}/versions{query}</c> with the text as <paramref name="contentType"/> (none when null).</summary>
    public static async Task<HttpResponseMessage> ImportAsync(
        HttpClient client, string name, string jsonl, string query = "", string? contentType = "application/x-ndjson")
    {
        using var content = new StringContent(jsonl, Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return await client.PostAsync($"/api/v1/datasets/{name}/versions{query}", content);
    }

    /// <summary>Imports and asserts the status; returns the body.</summary>
    public static async Task<T> ImportAsync<T>(HttpClient client, string name, string jsonl, HttpStatusCode expected, string query = "")
    {
        using var response = await ImportAsync(client, name, jsonl, query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"import answered {(int)response.StatusCode}, not {(int)expected}: {text}");
        return JsonSerializer.Deserialize<T>(text, ApiJson.Options)!;
    }

    /// <summary>The export's text and its version header.</summary>
    public static async Task<(string Jsonl, int Version)> ExportAsync(HttpClient client, string name, string query = "")
    {
        using var response = await client.GetAsync($"/api/v1/datasets/{name}/items{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"export answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        return (text, int.Parse(response.Headers.GetValues("X-Vigil-Dataset-Version").Single(), CultureInfo.InvariantCulture));
    }

    /// <summary>Creates a release of <paramref name="feature"/> calling <paramref name="model"/> with the given sampling parameters and prompt.</summary>
    public static async Task<ReleaseJson> CreateReleaseAsync(
        HttpClient client, string model, string template, bool activate, Dictionary<string, object>? parameters = null, string feature = Feature)
    {
        var body = new
        {
            description = "release calling " + model,
            model = new { provider = "openai", model, parameters = parameters ?? new Dictionary<string, object> { ["temperature"] = 0 } },
            prompt = new { version = "v-" + model, template },
            routing = new { version = "direct", primaries = new[] { new { provider = "openai", model, weight = 1.0 } } },
            activate,
            reason = activate ? "launch" : null,
        };
        var change = await ReleaseHttp.SendAsync<ReleaseChangeJson>(client, $"/api/v1/features/{feature}/releases", body, HttpStatusCode.Created);
        return change.Release;
    }

    /// <summary>
    /// Exports one RAG request as an instrumented app would, as OTLP/JSON: a root span (feature, release and
    /// segment on the resource and the root), a retrieval span with its documents and a chat span whose
    /// messages were captured (none when <paramref name="answer"/> is null).
    /// </summary>
    public static async Task ExportTraceAsync(HttpClient client, string traceId, DateTimeOffset start, string question, string? answer, string release = "r7")
    {
        var rootId = SpanId(traceId, 1);
        var documents = JsonSerializer.Serialize(new[]
        {
            new { id = "kb-0001", score = 0.91, content = "Refunds are issued within 14 days of the return." },
            new { id = "kb-0002", score = 0.52, content = "The Pro plan includes 5 seats." },
        });
        var chat = new List<object> { Attr("gen_ai.operation.name", "chat"), Attr("gen_ai.provider.name", "openai"), Attr("gen_ai.request.model", "gpt-4o-mini") };
        if (answer is not null)
        {
            chat.Add(Attr("gen_ai.input.messages", Messages(("system", "Cite documents as [kb-0001]."), ("user", "Hello"), ("assistant", "Hi! How can I help?"), ("user", question))));
            chat.Add(Attr("gen_ai.output.messages", Messages(("assistant", answer))));
        }

        var request = new
        {
            resourceSpans = new[]
            {
                new
                {
                    resource = new { attributes = new[] { Attr("service.name", "acme"), Attr("vigil.feature", Feature), Attr("vigil.release", release) } },
                    scopeSpans = new[]
                    {
                        new
                        {
                            scope = new { name = "dataset-tests" },
                            spans = new[]
                            {
                                Span(traceId, rootId, null, "POST /chat", 2, start, 900, [Attr("vigil.segment", "enterprise")]),
                                Span(traceId, SpanId(traceId, 2), rootId, "retrieval support-kb", 1, start.AddMilliseconds(10), 40,
                                    [Attr("gen_ai.operation.name", "retrieval"), Attr("gen_ai.retrieval.query.text", question), Attr("gen_ai.retrieval.documents", documents)]),
                                Span(traceId, SpanId(traceId, 3), rootId, "chat gpt-4o-mini", 3, start.AddMilliseconds(60), 800, [.. chat]),
                            },
                        },
                    },
                },
            },
        };
        using var content = new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/v1/traces", content);
        Assert.True(response.IsSuccessStatusCode, $"OTLP/JSON export answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static string SpanId(string traceId, int n) => traceId[..14] + n.ToString("x2", CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> Span(string traceId, string spanId, string? parent, string name, int kind, DateTimeOffset start, int ms, object[] attributes)
    {
        var startNano = (start - DateTimeOffset.UnixEpoch).Ticks * 100;
        return new Dictionary<string, object?>
        {
            ["traceId"] = traceId,
            ["spanId"] = spanId,
            ["parentSpanId"] = parent,
            ["name"] = name,
            ["kind"] = kind,
            ["startTimeUnixNano"] = startNano.ToString(CultureInfo.InvariantCulture),
            ["endTimeUnixNano"] = (startNano + (ms * 1_000_000L)).ToString(CultureInfo.InvariantCulture),
            ["attributes"] = attributes,
            ["status"] = new { code = 1 },
        }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);
    }

    private static object Attr(string key, string value) => new { key, value = new { stringValue = value } };

    private static string Messages(params (string Role, string Text)[] messages) =>
        JsonSerializer.Serialize(messages.Select(m => new { role = m.Role, parts = new[] { new { type = "text", content = m.Text } } }));
}
