namespace Vigil.Server.Hosting;

/// <summary>
/// An exclusive lock on <c>vigil.lock</c> in the data directory, held for a server's lifetime.
/// DuckDB already refuses a second process, but not a second server inside the same process;
/// this lock refuses both, with a message that says who holds the directory.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "vigil.lock";

    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream)
    {
        _stream = stream;
    }

    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            stream.Flush();
            return new DataDirectoryLock(stream);
        }
        catch (IOException ex)
        {
            throw new Storage.DuckDb.StoreLockedException(
                $"the data directory {Path.GetFullPath(dataDirectory)} is in use by another Vigil server ({ex.Message})", ex)
            {
                FilePath = path,
            };
        }
    }

    public void Dispose() => _stream.Dispose();
}
