using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb;

/// <summary>
/// The DuckDB database behind both stores: <c>&lt;dataDir&gt;/vigil.duckdb</c>, or an in-memory
/// database for tests. Opening it runs the embedded migrations. One connection writes (callers are
/// serialised); every read opens its own connection on the same database instance.
/// </summary>
/// <remarks>
/// Only one process may hold the file: opening it while another process does throws
/// <see cref="StoreLockedException"/>. Commits are durable when they return: DuckDB writes the
/// transaction to its write-ahead log and fsyncs it before COMMIT completes.
/// </remarks>
public sealed class DuckDbDatabase : IDisposable
{
    public const string FileName = "vigil.duckdb";

    private readonly DuckDBConnection _root;
    private readonly DuckDBConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private bool _disposed;

    private DuckDbDatabase(DuckDBConnection root, string? filePath, TimeProvider timeProvider, ILogger logger)
    {
        _root = root;
        FilePath = filePath;
        TimeProvider = timeProvider;
        Logger = logger;
        _writer = NewConnection();
    }

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? FilePath { get; }

    public TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    /// <summary>Opens (creating when absent) <c>&lt;dataDirectory&gt;/vigil.duckdb</c> and migrates it.</summary>
    /// <exception cref="StoreLockedException">Another process holds the file.</exception>
    public static DuckDbDatabase Open(string dataDirectory, TimeProvider timeProvider, ILogger<DuckDbDatabase>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        var root = new DuckDBConnection($"Data Source={path}");
        try
        {
            root.Open();
        }
        catch (DuckDBException e) when (LockErrors.IsLockConflict(e))
        {
            root.Dispose();
            throw LockErrors.Translate(e, path)!;
        }
        catch
        {
            root.Dispose();
            throw;
        }

        return Initialise(root, path, timeProvider, logger);
    }

    /// <summary>A private in-memory database (for tests): gone when disposed.</summary>
    public static DuckDbDatabase OpenInMemory(TimeProvider timeProvider, ILogger<DuckDbDatabase>? logger = null)
    {
        var root = new DuckDBConnection("Data Source=:memory:");
        root.Open();
        return Initialise(root, null, timeProvider, logger);
    }

    private static DuckDbDatabase Initialise(DuckDBConnection root, string? path, TimeProvider timeProvider, ILogger<DuckDbDatabase>? logger)
    {
        DuckDbDatabase? database = null;
        try
        {
            database = new DuckDbDatabase(root, path, timeProvider, (ILogger?)logger ?? NullLogger.Instance);
            MigrationRunner.Run(database._writer, timeProvider, database.Logger);
            return database;
        }
        catch
        {
            if (database is null)
            {
                root.Dispose();
            }
            else
            {
                database.Dispose();
            }

            throw;
        }
    }

    /// <summary>A new connection on this database for one read; dispose it after use.</summary>
    internal DuckDBConnection OpenReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return NewConnection();
    }

    /// <summary>
    /// Another connection to the same database instance: DuckDB.NET shares the instance between
    /// connections to the same file in a process, and Duplicate() does it for in-memory databases.
    /// </summary>
    private DuckDBConnection NewConnection()
    {
        var connection = FilePath is null ? _root.Duplicate() : new DuckDBConnection(_root.ConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> on the single write connection, one caller at a time.</summary>
    internal async Task<T> WriteAsync<T>(Func<DuckDBConnection, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work(_writer);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _writeGate.Wait();
        try
        {
            _disposed = true;
            _writer.Dispose();
            _root.Dispose();
        }
        finally
        {
            _writeGate.Release();
        }

        _writeGate.Dispose();
    }
}
