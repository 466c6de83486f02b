namespace Vigil.Storage.DuckDb.Internal;

/// <summary>Recognises DuckDB's "file is locked by another process" error and turns it into <see cref="StoreLockedException"/>.</summary>
internal static class LockErrors
{
    // DuckDB 1.x: IO Error: Could not set lock on file "/d/vigil.duckdb": Conflicting lock is held in /usr/bin/dotnet (PID 42). See also …
    private const string LockMarker = "Could not set lock on file";

    public static bool IsLockConflict(Exception exception) =>
        exception.Message.Contains(LockMarker, StringComparison.Ordinal);

    /// <summary>The translated exception when <paramref name="exception"/> is a lock conflict, else null.</summary>
    public static StoreLockedException? Translate(Exception exception, string filePath)
    {
        if (!IsLockConflict(exception))
        {
            return null;
        }

        var directory = Path.GetDirectoryName(filePath) ?? filePath;
        return new StoreLockedException(
            $"another Vigil process owns the data directory '{directory}' (the database file '{filePath}' is locked); " +
            "stop it, or talk to it through its API instead of opening the file",
            exception)
        {
            FilePath = filePath,
        };
    }
}
