using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.Bench.Evals;

/// <summary>
/// A minimal OpenAI-compatible judge in this process on 127.0.0.1 (an ephemeral port): parses each
/// non-streaming <c>POST /v1/chat/completions</c> body and answers at once with a canned chat completion
/// whose assistant message is <c>{"score": 0.9, "reason": …}</c>. No model, no network beyond
/// loopback: the <c>llm_judge</c> figure is Vigil's side (OpenAI SDK, HTTP, JSON) plus this server's,
/// never a real judge's latency.
/// </summary>
internal sealed class FakeJudge : IAsyncDisposable
{
    private const string Reply = """{"score": 0.9, "reason": "the answer states the fact of the cited document"}""";

    private readonly WebApplication _app;
    private long _requests;

    private FakeJudge(WebApplication app) => _app = app;

    /// <summary>The base URL to configure as <c>baseUrl</c>: <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<FakeJudge> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var judge = new FakeJudge(app);
        app.MapPost("/v1/chat/completions", judge.HandleAsync);
        await app.StartAsync(cancellationToken);
        judge.BaseUrl = app.Urls.Single().TrimEnd('/') + "/v1";
        return judge;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        Interlocked.Increment(ref _requests);
        var model = body.RootElement.TryGetProperty("model", out var m) ? m.GetString() : "judge";
        await context.Response.WriteAsJsonAsync(new
        {
            id = "chatcmpl-bench",
            @object = "chat.completion",
            created = 1_700_000_000,
            model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = Reply }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 400, completion_tokens = 20, total_tokens = 420 },
        }, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
