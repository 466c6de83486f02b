using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Vigil.Core.Projects;
using Vigil.Server.Configuration;
using Vigil.Server.Tests.Releases;

namespace Vigil.Server.Tests.Evaluation;

/// <summary><c>POST /api/v1/feedback</c>: user feedback stored as an evaluation of its trace, with the trace's release.</summary>
public sealed class FeedbackTests
{
    private const string Feature = "support-chat";

    [Fact]
    public async Task Feedback_OnAnOtelExportedTrace_IsStoredWithTheRootsRelease_AndShowsInTheScores()
    {
        var start = TruncatedNow();
        var clock = new FakeTimeProvider(start);
        await using var server = await RunningServer.StartAsync(time: clock);
        var trace = ExportTrace(server, Feature, resourceRelease: "r42", chatRelease: "r43");

        // Upper-case hex is accepted; the trace may still be on its way into the store (read your writes).
        using var response = await PostAsync(server.Http,
            $$"""{ "traceId": "{{trace.TraceId.ToUpperInvariant()}}", "label": "thumbs_up", "comment": "spot on", "responseId": "chatcmpl-7" }""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal($"/api/v1/traces/{trace.TraceId}", response.Headers.Location?.OriginalString);
        var stored = JsonDocument.Parse(body).RootElement;
        Assert.Equal(trace.TraceId, stored.GetProperty("traceId").GetString());
        Assert.Equal(trace.RootSpanId, stored.GetProperty("spanId").GetString());
        Assert.Equal("user_feedback", stored.GetProperty("name").GetString());
        Assert.Equal(1.0, stored.GetProperty("scoreValue").GetDouble());
        Assert.Equal("thumbs_up", stored.GetProperty("scoreLabel").GetString());
        Assert.Equal("spot on", stored.GetProperty("explanation").GetString());
        Assert.Equal("chatcmpl-7", stored.GetProperty("responseId").GetString());
        Assert.Equal("feedback", stored.GetProperty("source").GetString());
        Assert.Equal((Feature, "r42"), (stored.GetProperty("feature").GetString(), stored.GetProperty("release").GetString()));
        Assert.Equal((start - DateTimeOffset.UnixEpoch).Ticks * 100, stored.GetProperty("timeUnixNano").GetInt64());

        var detail = await server.GetJsonAsync<JsonElement>(server.Http, $"/api/v1/traces/{trace.TraceId}");
        var evaluations = detail.GetProperty("evaluations").EnumerateArray().ToList();
        Assert.Contains(evaluations, e => e.GetProperty("source").GetString() == "feedback");

        // The OTLP evaluation event on the chat span carries that span's release, the feedback the root's.
        clock.Advance(TimeSpan.FromMinutes(5));
        var scores = await server.GetJsonAsync<JsonElement>(server.Http, $"/api/v1/evals/scores?feature={Feature}&from=now-2h&step=1h");
        var series = scores.GetProperty("series").EnumerateArray()
            .ToDictionary(s => (s.GetProperty("name").GetString(), s.GetProperty("release").GetString()));
        Assert.Equal([("relevance", "r43"), ("user_feedback", "r42")], series.Keys.Order());
        var feedback = series[("user_feedback", "r42")].GetProperty("total");
        Assert.Equal((1, 1.0, 1.0), (feedback.GetProperty("count").GetInt64(), feedback.GetProperty("meanScore").GetDouble(), feedback.GetProperty("passShare").GetDouble()));
        Assert.Equal(0.9, series[("relevance", "r43")].GetProperty("total").GetProperty("meanScore").GetDouble());
        var onlyFeedback = await server.GetJsonAsync<JsonElement>(server.Http, $"/api/v1/evals/scores?feature={Feature}&from=now-2h&source=feedback");
        Assert.Equal("user_feedback", Assert.Single(onlyFeedback.GetProperty("series").EnumerateArray().ToList()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Feedback_WithASpanIdAndAScore_IsAttachedToThatSpan()
    {
        var clock = new FakeTimeProvider(TruncatedNow());
        await using var server = await RunningServer.StartAsync(time: clock);
        var trace = ExportTrace(server, Feature, resourceRelease: "r1", chatRelease: null);

        using var response = await PostAsync(server.Http,
            $$"""{ "traceId": "{{trace.TraceId}}", "spanId": "{{trace.ChatSpanId.ToUpperInvariant()}}", "name": "helpfulness", "score": 0.25, "label": "meh" }""");
        var stored = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal((trace.ChatSpanId, "helpfulness", 0.25, "meh"),
            (stored.GetProperty("spanId").GetString(), stored.GetProperty("name").GetString(), stored.GetProperty("scoreValue").GetDouble(), stored.GetProperty("scoreLabel").GetString()));
        Assert.Equal("r1", stored.GetProperty("release").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await PostProblemAsync(server.Http, $$"""{ "traceId": "{{trace.TraceId}}", "spanId": "00000000000000aa", "score": 1 }""")).Status);
    }

    [Fact]
    public async Task Feedback_UnknownTrace_Is404NamingTheTrace()
    {
        await using var server = await RunningServer.StartAsync(time: new FakeTimeProvider(TruncatedNow()));

        var (status, _, detail) = await PostProblemAsync(server.Http, """{ "traceId": "0AF7651916CD43DD8448EB211C80319C", "score": 1 }""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("0af7651916cd43dd8448eb211c80319c", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_BadInput_Is400NamingTheField()
    {
        await using var server = await RunningServer.StartAsync(time: new FakeTimeProvider(TruncatedNow()));
        const string trace = "0af7651916cd43dd8448eb211c80319c";
        var longComment = new string('x', 4097);
        (string Body, string Field, string Problem)[] cases =
        [
            ($$"""{ "traceId": "{{trace}}", "score": 1.5 }""", "score", "from 0 to 1 (got 1.5)"),
            ($$"""{ "traceId": "{{trace}}", "score": "high" }""", "score", "must be a number"),
            ("""{ "score": 1 }""", "traceId", "required"),
            ("""{ "traceId": "not-hex", "score": 1 }""", "traceId", "32 hex characters (got 'not-hex')"),
            ("""{ "traceId": "0af7651916cd43dd", "score": 1 }""", "traceId", "32 hex characters"),
            ($$"""{ "traceId": "{{trace}}", "spanId": "xyz", "score": 1 }""", "spanId", "16 hex characters"),
            ($$"""{ "traceId": "{{trace}}", "label": "meh" }""", "label", "'meh' has no known score: send a score"),
            ($$"""{ "traceId": "{{trace}}" }""", "score", "required when there is no label"),
            ($$"""{ "traceId": "{{trace}}", "score": 1, "comment": "{{longComment}}" }""", "comment", "longer than 4096 bytes"),
            ($$"""{ "traceId": "{{trace}}", "socre": 1, "label": "good" }""", "socre", "unknown field"),
            ($$"""{ "traceId": "{{trace}}", "score": 1, "name": "" }""", "name", "must not be empty"),
            ("""[1, 2]""", "body", "must be a JSON object"),
            ("""{ "traceId": """, "body", "not JSON"),
        ];

        foreach (var (body, field, problem) in cases)
        {
            var (status, errors, _) = await PostProblemAsync(server.Http, body);

            Assert.True(status == HttpStatusCode.BadRequest, $"{body[..Math.Min(body.Length, 80)]} answered {(int)status}");
            Assert.True(errors.TryGetValue(field, out var messages), $"{body[..Math.Min(body.Length, 80)]}: no error for '{field}' in {string.Join("; ", errors.Keys)}");
            Assert.Contains(problem, messages[0], StringComparison.Ordinal);
        }

        using var text = new StringContent($$"""{ "traceId": "{{trace}}", "score": 1 }""", System.Text.Encoding.UTF8, "text/plain");
        using var unsupported = await server.Http.PostAsync("/api/v1/feedback", text);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
    }

    [Fact]
    public async Task Feedback_NeedsTheIngestScope_AndKeepsNoCommentWhenContentIsNotStored()
    {
        await using var server = await RunningServer.StartAsync(
            s => s with { Anonymous = AnonymousAccess.Deny, Ingest = s.Ingest with { StoreContent = false } }, time: new FakeTimeProvider(TruncatedNow()));
        var reader = server.ClientWithKey(await server.CreateKeyAsync("default", ApiKeyScope.Read));
        var app = server.ClientWithKey(await server.CreateKeyAsync("default", ApiKeyScope.Ingest));
        var trace = new RagTrace(RagTraffic.NewTraceId(), "Refunds take 14 days [kb-0001].");
        await RagTraffic.PostAsync(app, Feature, TruncatedNow(), [trace]);
        var body = $$"""{ "traceId": "{{trace.TraceId}}", "score": 1, "comment": "my email is a@b.c" }""";

        Assert.Equal(HttpStatusCode.Forbidden, (await PostProblemAsync(reader, body)).Status);
        using var response = await PostAsync(app, body);
        var stored = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(stored.TryGetProperty("explanation", out _));
    }

    [Fact]
    public async Task Feedback_Acknowledged_SurvivesARestart()
    {
        var start = TruncatedNow();
        var trace = new RagTrace(RagTraffic.NewTraceId(), "Refunds take 14 days [kb-0001].", Release: "r5");
        string data;
        await using (var first = await RunningServer.StartAsync(time: new FakeTimeProvider(start)))
        {
            first.KeepData = true;
            data = first.DataDirectory;
            await RagTraffic.PostAsync(first.Http, Feature, start.AddSeconds(-5), [trace]);
            using var response = await PostAsync(first.Http, $$"""{ "traceId": "{{trace.TraceId}}", "label": "thumbs_down", "comment": "wrong refund period" }""");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        using var cleanup = new DeleteOnDispose(data);
        var clock = new FakeTimeProvider(start);
        await using var second = await RunningServer.StartAsync(s => s with { DataDirectory = data }, time: clock);
        clock.Advance(TimeSpan.FromMinutes(1));

        var detail = await second.GetJsonAsync<JsonElement>(second.Http, $"/api/v1/traces/{trace.TraceId}");
        var feedback = Assert.Single(detail.GetProperty("evaluations").EnumerateArray().ToList());
        Assert.Equal(("feedback", 0.0, "wrong refund period", "r5"),
            (feedback.GetProperty("source").GetString(), feedback.GetProperty("scoreValue").GetDouble(),
             feedback.GetProperty("explanation").GetString(), feedback.GetProperty("release").GetString()));
        var scores = await second.GetJsonAsync<JsonElement>(second.Http, $"/api/v1/evals/scores?feature={Feature}&source=feedback&from=now-1h");
        var total = Assert.Single(scores.GetProperty("series").EnumerateArray().ToList()).GetProperty("total");
        Assert.Equal((1, 0.0), (total.GetProperty("count").GetInt64(), total.GetProperty("passShare").GetDouble()));
    }

    /// <summary>Deletes the data directory that a restarted server was given (its own <see cref="RunningServer.DataDirectory"/> is another).</summary>
    private sealed class DeleteOnDispose(string directory) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Now to the millisecond: the fake clock of a test that also exports spans with the real one.</summary>
    internal static DateTimeOffset TruncatedNow() => DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return await client.PostAsync("/api/v1/feedback", content);
    }

    private static Task<(HttpStatusCode Status, Dictionary<string, string[]> Errors, string Detail)> PostProblemAsync(HttpClient client, string json) =>
        ReleaseHttp.PostRawAsync(client, "/api/v1/feedback", json);

    /// <summary>
    /// An answer traced by the OpenTelemetry SDK and exported over OTLP/HTTP: a root span and a chat span
    /// with a <c>gen_ai.evaluation.result</c> event (relevance 0.9). The release comes from the resource;
    /// <paramref name="chatRelease"/> overrides it on the chat span.
    /// </summary>
    internal static (string TraceId, string RootSpanId, string ChatSpanId) ExportTrace(RunningServer server, string feature, string resourceRelease, string? chatRelease)
    {
        var sourceName = "vigil.tests.feedback." + Guid.NewGuid().ToString("N");
        using var tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("support-app").AddAttributes(
            [
                new KeyValuePair<string, object>("vigil.feature", feature),
                new KeyValuePair<string, object>("vigil.release", resourceRelease),
            ]))
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = new Uri(server.Host.HttpAddress, "/v1/traces");
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();
        using var source = new ActivitySource(sourceName);
        string traceId, rootId, chatId;
        using (var root = source.StartActivity("answer question", ActivityKind.Server)!)
        {
            (traceId, rootId) = (root.TraceId.ToHexString(), root.SpanId.ToHexString());
            using var chat = source.StartActivity("chat gpt-4o", ActivityKind.Client)!;
            chatId = chat.SpanId.ToHexString();
            chat.SetTag("gen_ai.operation.name", "chat");
            chat.SetTag("gen_ai.provider.name", "openai");
            chat.SetTag("gen_ai.request.model", "gpt-4o");
            if (chatRelease is not null)
            {
                chat.SetTag("vigil.release", chatRelease);
            }

            chat.AddEvent(new ActivityEvent("gen_ai.evaluation.result", tags: new ActivityTagsCollection
            {
                ["gen_ai.evaluation.name"] = "relevance",
                ["gen_ai.evaluation.score.value"] = 0.9,
                ["gen_ai.evaluation.score.label"] = "pass",
            }));
        }

        Assert.True(tracer.ForceFlush(30_000));
        return (traceId, rootId, chatId);
    }
}
