namespace Vigil.Storage.DuckDb;

/// <summary>
/// The database file is held by another process. DuckDB lets one process own a file (read-write);
/// a second one cannot open it at all, so a CLI that meets this talks to the running server instead.
/// </summary>
public sealed class StoreLockedException : Exception
{
    public StoreLockedException()
        : this("the Vigil database is locked by another process")
    {
    }

    public StoreLockedException(string message)
        : base(message)
    {
    }

    public StoreLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The locked database file, when known.</summary>
    public string? FilePath { get; init; }
}
