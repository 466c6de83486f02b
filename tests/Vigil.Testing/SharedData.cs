using Xunit;

namespace Vigil.Testing;

/// <summary>
/// The reference data in <c>../shared/data</c> beside the repository. Tests that read it use
/// <see cref="SharedDataFactAttribute"/>, which skips them with a clear message when it is absent.
/// </summary>
public static class SharedData
{
    /// <summary>The data folder, found by walking up from the test assembly; null when absent.</summary>
    public static string? Root { get; } = Find();

    public static string PathOf(string relative) =>
        System.IO.Path.Combine(Root ?? throw new InvalidOperationException(MissingMessage), relative);

    public const string MissingMessage = "../shared/data is not beside the repository; this test reads reference data from it";

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate) && dir.GetDirectories("shared").Length == 1 && File.Exists(System.IO.Path.Combine(candidate, "otlp", "trace.example.json")))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs <c>../shared/data</c>; skipped with a message naming it when absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Root is null)
        {
            Skip = SharedData.MissingMessage;
        }
    }
}
