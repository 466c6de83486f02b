using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.Testing;

/// <summary>
/// A minimal OpenAI-compatible model on 127.0.0.1 (an ephemeral port) for the target under test:
/// answers non-streaming <c>POST /v1/chat/completions</c> in OpenAI's JSON (with usage), an HTTP error
/// with an OpenAI-style error body, a reply without choices, or not at all; records every request's
/// headers and body.
/// </summary>
public sealed class FakeProvider : IAsyncDisposable
{
    public const int PromptTokens = 31;
    public const int CompletionTokens = 7;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _errorsServed;

    private FakeProvider(WebApplication app) => _app = app;

    /// <summary><c>http://127.0.0.1:PORT/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The assistant message for a request body; by default "answer to: " and the user message.</summary>
    public Func<JsonElement, string> Reply { get; set; } = body => "answer to: " + Message(body, "user");

    /// <summary>When set, the first <see cref="ErrorTimes"/> requests get this status.</summary>
    public int? ErrorStatus { get; set; }

    public int ErrorTimes { get; set; } = int.MaxValue;

    public string ErrorMessage { get; set; } = "the model is overloaded";

    /// <summary>Sent as Retry-After with an error, when set.</summary>
    public string? RetryAfter { get; set; }

    /// <summary>Answer 200 with <c>"choices": []</c>.</summary>
    public bool NoChoices { get; set; }

    /// <summary>Never answer (until disposed or the client gives up).</summary>
    public bool Hang { get; set; }

    /// <summary>Completed when the first request has been read.</summary>
    public TaskCompletionSource FirstRequest { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    public static async Task<FakeProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeProvider(app);
        app.MapPost("/v1/chat/completions", provider.HandleAsync);
        await app.StartAsync().WaitAsync(Timeout);
        provider.BaseUrl = new Uri(app.Urls.Single().TrimEnd('/') + "/v1");
        return provider;
    }

    public static string Message(JsonElement body, string role) => body.GetProperty("messages").EnumerateArray()
        .Where(m => m.GetProperty("role").GetString() == role)
        .Select(m => m.GetProperty("content") is { ValueKind: JsonValueKind.String } c ? c.GetString()! : m.GetProperty("content")[0].GetProperty("text").GetString()!)
        .Single();

    private async Task HandleAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new Recorded(headers, body.RootElement.Clone());
        Requests.Enqueue(recorded);
        FirstRequest.TrySetResult();
        if (Hang)
        {
            await _release.Task.WaitAsync(context.RequestAborted);
            return;
        }

        if (ErrorStatus is { } status && Interlocked.Increment(ref _errorsServed) <= ErrorTimes)
        {
            context.Response.StatusCode = status;
            if (RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = RetryAfter;
            }

            await context.Response.WriteAsJsonAsync(new { error = new { message = ErrorMessage, type = "server_error", code = (string?)null } });
            return;
        }

        var model = recorded.Body.GetProperty("model").GetString();
        var choices = NoChoices
            ? Array.Empty<object>()
            : [new { index = 0, message = new { role = "assistant", content = Reply(recorded.Body) }, finish_reason = "stop" }];
        await context.Response.WriteAsJsonAsync(new
        {
            id = "chatcmpl-fake-1",
            @object = "chat.completion",
            created = 1_700_000_000,
            model,
            choices,
            usage = new { prompt_tokens = PromptTokens, completion_tokens = CompletionTokens, total_tokens = PromptTokens + CompletionTokens },
        });
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync().WaitAsync(Timeout);
        await _app.DisposeAsync();
    }

    /// <summary>One request as the provider saw it: its headers (case-insensitive) and JSON body.</summary>
    public sealed record Recorded(IReadOnlyDictionary<string, string> Headers, JsonElement Body)
    {
        public string Message(string role) => FakeProvider.Message(Body, role);

        public IEnumerable<string> Roles => Body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()!);
    }
}
