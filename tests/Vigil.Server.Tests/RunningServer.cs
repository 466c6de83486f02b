using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Ports;
using Vigil.Core.Projects;
using Vigil.Server.Api;
using Vigil.Server.Configuration;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests;

/// <summary>A real Vigil server on Kestrel, bound to loopback port 0 with a fresh data directory.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly List<IDisposable> _disposables = [];

    private RunningServer(VigilHost host, string dataDirectory)
    {
        Host = host;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = host.HttpAddress, Timeout = Timeout };
    }

    public VigilHost Host { get; }

    public string DataDirectory { get; }

    /// <summary>Leave the data directory behind on dispose, for a restart on it.</summary>
    public bool KeepData { get; set; }

    /// <summary>An anonymous client (allowed unless the server was started with anonymous access denied).</summary>
    public HttpClient Http { get; }

    public static async Task<RunningServer> StartAsync(
        Func<VigilSettings, VigilSettings>? configure = null, Func<ITelemetryStore, ITelemetryStore>? decorateStore = null, TimeProvider? time = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "vigil-test-" + Guid.NewGuid().ToString("N"));
        var settings = new VigilSettings { DataDirectory = data, HttpAddress = "127.0.0.1:0", GrpcAddress = "127.0.0.1:0" };
        settings = configure?.Invoke(settings) ?? settings;
        var options = new VigilHostOptions { Logging = l => l.SetMinimumLevel(LogLevel.Warning), DecorateTelemetryStore = decorateStore, Time = time ?? TimeProvider.System };
        var host = await VigilHost.CreateAsync(settings, options);
        using var cts = new CancellationTokenSource(Timeout);
        await host.StartAsync(cts.Token);
        return new RunningServer(host, data);
    }

    /// <summary>A client that sends <paramref name="secret"/> as its bearer token.</summary>
    public HttpClient ClientWithKey(string secret)
    {
        var client = new HttpClient { BaseAddress = Host.HttpAddress, Timeout = Timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        _disposables.Add(client);
        return client;
    }

    public GrpcChannel GrpcChannel()
    {
        var channel = Grpc.Net.Client.GrpcChannel.ForAddress(Host.GrpcAddress);
        _disposables.Add(channel);
        return channel;
    }

    /// <summary>Creates a key directly in the control store and returns its secret.</summary>
    public async Task<string> CreateKeyAsync(string project, ApiKeyScope scopes)
    {
        var (key, secret) = ApiKeySecrets.Create(project, "test", scopes, TimeProvider.System.GetUtcNow());
        await Host.Services.GetRequiredService<IControlStateStore>().SaveApiKeyAsync(key, CancellationToken.None);
        return secret;
    }

    public async Task<T> GetJsonAsync<T>(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, ApiJson.Options)!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _disposables)
        {
            d.Dispose();
        }

        Http.Dispose();
        using var cts = new CancellationTokenSource(Timeout);
        await Host.StopAsync(cts.Token);
        await Host.DisposeAsync();
        if (KeepData)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
