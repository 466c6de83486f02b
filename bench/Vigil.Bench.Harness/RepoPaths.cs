namespace Vigil.Bench.Harness;

/// <summary>Where things are in the repository the benchmark was built from.</summary>
public static class RepoPaths
{
    /// <summary>The build configuration of the benchmarks, and so of the <c>vigil</c> they start.</summary>
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    /// <summary>The directory holding <c>Vigil.slnx</c>, found upwards from the binaries (or the working directory).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>bench/results: cached data sets and reports (gitignored).</summary>
    public static string Results => Path.Combine(Root, "bench", "results");

    /// <summary>The <c>vigil</c> CLI built in the same configuration as the benchmark.</summary>
    public static string VigilDll => Path.Combine(Root, "src", "Vigil.Cli", "bin", Configuration, "net10.0", "vigil.dll");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("cannot find Vigil.slnx above the benchmark's binaries or the working directory");
    }
}
