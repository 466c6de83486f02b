using System.Diagnostics;
using System.Text.Json;
using Vigil.Server.Api;
using Vigil.Server.Hosting;
using Vigil.Storage.DuckDb;

namespace Vigil.Cli.Backends;

/// <summary>
/// Picks the backend: <c>--server URL</c> when given; else the server recorded in the data
/// directory's <c>server.json</c> when that process is alive; else the store opened directly.
/// DuckDB lets one process own the file, so a store held by an unknown process is an error that says so.
/// </summary>
internal static class BackendFactory
{
    public static async Task<IVigilBackend> OpenAsync(BackendOptions options, CancellationToken cancellationToken)
    {
        if (options.Server is not null)
        {
            return new HttpBackend(options.Server, options.ApiKey, options.Project);
        }

        var infoPath = ServerInfo.PathIn(options.DataDirectory);
        if (File.Exists(infoPath))
        {
            var info = JsonSerializer.Deserialize<ServerInfo>(await File.ReadAllTextAsync(infoPath, cancellationToken), ApiJson.Options);
            if (info is not null && IsAlive(info.ProcessId))
            {
                return new HttpBackend(new Uri(info.Http + "/"), options.ApiKey, options.Project);
            }
        }

        try
        {
            Directory.CreateDirectory(options.DataDirectory);
            var database = DuckDbDatabase.Open(options.DataDirectory, TimeProvider.System);
            return new LocalBackend(database, options.DataDirectory, TimeProvider.System);
        }
        catch (StoreLockedException ex)
        {
            throw new CliException($"{ex.Message}. Pass --server http://HOST:PORT to talk to the server that holds it");
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>How to reach Vigil: a server URL, or a data directory; and the credentials to use.</summary>
internal sealed record BackendOptions(string DataDirectory, Uri? Server, string? ApiKey, string? Project);
