namespace Vigil.Cli.Tests;

/// <summary>The repository's root: the nearest directory above the test binaries that holds Vigil.slnx.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Vigil.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Vigil.slnx above {AppContext.BaseDirectory}");
    }
}
