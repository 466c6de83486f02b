using System.Diagnostics;
using System.Text.Json;
using Vigil.Ingest.Journal;
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
            await WarnOfUnappliedJournalAsync(options.DataDirectory, new DuckDbTelemetryStore(database), cancellationToken);
            return new LocalBackend(database, options.DataDirectory, TimeProvider.System);
        }
        catch (StoreLockedException ex)
        {
            throw new CliException($"{ex.Message}. Pass --server http://HOST:PORT to talk to the server that holds it");
        }
    }

    /// <summary>
    /// After a crash the journal may hold acknowledged exports the store has not got yet; only a
    /// server replays them, so a reader of the bare store is told its answers lack them.
    /// </summary>
    private static async Task WarnOfUnappliedJournalAsync(string dataDirectory, DuckDbTelemetryStore store, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(dataDirectory, "journal");
        if (!Directory.Exists(directory))
        {
            return;
        }

        var watermark = await store.GetJournalWatermarkAsync(cancellationToken);
        using var journal = IngestJournal.Open(directory);
        var pending = journal.ReadAfter(watermark).Count();
        if (pending > 0)
        {
            await Console.Error.WriteLineAsync(
                $"vigil: warning: {pending} acknowledged exports are in the ingest journal but not yet in the store (the server stopped before committing them); " +
                "these answers lack them until `vigil serve` starts and replays them");
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
