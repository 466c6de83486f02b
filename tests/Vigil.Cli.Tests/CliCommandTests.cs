using Vigil.Testing;

namespace Vigil.Cli.Tests;

/// <summary>The operator's commands against the embedded store and against a running server.</summary>
public sealed class CliCommandTests
{
    [Fact]
    public async Task KeysCreate_WithoutServer_WritesTheStoreAndListShowsIt()
    {
        var work = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
        var (code, stdout, stderr) = await VigilProcess.RunAsync(work, "keys", "create", "--project", "prod", "--scopes", "ingest,read", "--name", "ci");
        Assert.True(code == 0, stderr);
        Assert.Contains("vk_", stdout, StringComparison.Ordinal);

        var list = await VigilProcess.RunAsync(work, "keys", "list", "--project", "prod", "--json");
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains("\"scopes\": \"ingest,read\"", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("vk_", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysCreate_UnknownScope_ExitsNonZeroNamingIt()
    {
        var work = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
        var (code, _, stderr) = await VigilProcess.RunAsync(work, "keys", "create", "--scopes", "ingest,root");
        Assert.NotEqual(0, code);
        Assert.Contains("root", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_InvalidConfig_ExitsWithEveryProblemListed()
    {
        var work = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "vigil.yaml"), "queue:\n  capacity: -1\nretention:\n  spans: forever\n");
        var (code, _, stderr) = await VigilProcess.RunAsync(work, "serve");
        Assert.Equal(2, code);
        Assert.Contains("Queue:Capacity", stderr, StringComparison.Ordinal);
        Assert.Contains("retention.spans", stderr, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task PricesImport_LiteLlmTable_ThroughRunningServer_ThenListShowsImportedRates()
    {
        var work = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
        var data = Path.Combine(work, ".vigil");
        await using var server = await VigilProcess.ServeAsync(work, data, VigilProcess.FreePort(), VigilProcess.FreePort());
        var import = await VigilProcess.RunAsync(work, "prices", "import", SharedData.PathOf("litellm/model_prices_and_context_window.json"), "--effective-from", "2026-01-01");
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Contains("server http://127.0.0.1", import.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Imported \d{4} prices", import.Stdout);

        var list = await VigilProcess.RunAsync(work, "prices", "list", "--model", "gpt-4o-mini", "--json");
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains("import:model_prices_and_context_window.json", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("builtin", list.Stdout, StringComparison.Ordinal);
    }
}
