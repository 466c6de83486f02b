using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.Evals.Tests;

/// <summary>
/// A minimal OpenAI-compatible judge on 127.0.0.1 (an ephemeral port): answers non-streaming
/// <c>POST /v1/chat/completions</c> with a canned assistant message, an HTTP error, or not at all,
/// and records every request it receives.
/// </summary>
internal sealed class FakeJudge : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeJudge(WebApplication app) => _app = app;

    /// <summary>The base URL to configure as <c>baseUrl</c>: <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>What the assistant message says; the scorer expects JSON here.</summary>
    public string Reply { get; set; } = """{"score": 1, "reason": "fine"}""";

    /// <summary>When set, the judge answers this HTTP status with an OpenAI-style error body.</summary>
    public int? ErrorStatus { get; set; }

    /// <summary>When true, the judge never answers (until it is disposed or the client gives up).</summary>
    public bool Hang { get; set; }

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    public static async Task<FakeJudge> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var judge = new FakeJudge(app);
        app.MapPost("/v1/chat/completions", judge.HandleAsync);
        await app.StartAsync().WaitAsync(Cases.Timeout);
        judge.BaseUrl = app.Urls.Single().TrimEnd('/') + "/v1";
        return judge;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        Requests.Enqueue(new Recorded(context.Request.Headers.Authorization.ToString(), body.RootElement.Clone()));
        if (Hang)
        {
            await _release.Task.WaitAsync(context.RequestAborted);
            return;
        }

        if (ErrorStatus is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "the judge model is overloaded", type = "server_error", code = (string?)null } });
            return;
        }

        var model = body.RootElement.GetProperty("model").GetString();
        await context.Response.WriteAsJsonAsync(new
        {
            id = "chatcmpl-fake-1",
            @object = "chat.completion",
            created = 1_700_000_000,
            model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = Reply }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 120, completion_tokens = 20, total_tokens = 140 },
        });
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync().WaitAsync(Cases.Timeout);
        await _app.DisposeAsync();
    }

    /// <summary>One request as the judge saw it: its Authorization header and JSON body.</summary>
    public sealed record Recorded(string Authorization, JsonElement Body)
    {
        /// <summary>The text of the message with <paramref name="role"/>.</summary>
        public string Message(string role) => Body.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == role)
            .Select(m => m.GetProperty("content") is { ValueKind: JsonValueKind.String } c ? c.GetString()! : m.GetProperty("content").GetRawText())
            .Single();
    }
}
