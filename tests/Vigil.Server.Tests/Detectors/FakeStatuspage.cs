using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Tests.Detectors;

/// <summary>
/// A local Atlassian Statuspage on Kestrel (127.0.0.1, port 0): <c>/{page}/api/v2/summary.json</c> answers what the test
/// set for that page — a summary, an error status, any body — or hangs until the client gives up.
/// </summary>
public sealed class FakeStatuspage : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Reply> _replies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Channel<string> _requests = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stopping = new();

    private FakeStatuspage(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<FakeStatuspage> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeStatuspage(app);
        app.MapGet("/{page}/api/v2/summary.json", fake.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.BaseAddress = new Uri(address);
        return fake;
    }

    /// <summary>The summary URL of one page.</summary>
    public Uri Url(string page) => new(BaseAddress, $"/{page}/api/v2/summary.json");

    public void Serve(string page, string json) => _replies[page] = new Reply(200, json, Hang: false);

    public void Fail(string page, int status, string body = "") => _replies[page] = new Reply(status, body, Hang: false);

    public void Hang(string page) => _replies[page] = new Reply(0, "", Hang: true);

    /// <summary>How many requests the page has received.</summary>
    public int Requests(string page) => _counts.GetValueOrDefault(page);

    /// <summary>The page of the next request that arrives.</summary>
    public async Task<string> NextRequestAsync() => await _requests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task AnswerAsync(HttpContext context, string page)
    {
        _counts.AddOrUpdate(page, 1, (_, n) => n + 1);
        _requests.Writer.TryWrite(page);
        var reply = _replies.GetValueOrDefault(page) ?? new Reply(404, "", Hang: false);
        if (reply.Hang)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, both.Token);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body);
    }

    private sealed record Reply(int Status, string Body, bool Hang);
}
