namespace Vigil.Cli.Commands;

/// <summary>Which vigil.yaml a command reads: the one named with <c>--config</c>, else ./vigil.yaml when present, else none.</summary>
internal static class ConfigPath
{
    public const string DefaultFile = "vigil.yaml";

    public static string? Resolve(string? given) => given ?? (File.Exists(DefaultFile) ? DefaultFile : null);
}
