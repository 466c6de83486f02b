namespace Vigil.Ingest.Tests.Journal;

/// <summary>A fresh temporary journal directory, deleted afterwards.</summary>
internal sealed class JournalDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vigil-journal-" + Guid.NewGuid().ToString("N"));

    public string[] Segments() => [.. Directory.GetFiles(Path, "*.journal").Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
