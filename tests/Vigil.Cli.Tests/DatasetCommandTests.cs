using System.Text.Json;

namespace Vigil.Cli.Tests;

/// <summary><c>vigil dataset import|export|list</c> on the embedded store (no server running).</summary>
public sealed class DatasetCommandTests
{
    /// <summary>Canonical JSONL (keys in export order, metadata sorted): an export must give back these very bytes.</summary>
    internal const string Golden = """
        {"id":"q1","input":"question q1","expected":"answer q1","context":[{"id":"kb-1","text":"Refunds take 14 days."}],"metadata":{"product":"Acme","tier":"gold"}}
        {"id":"q2","input":"question q2","expected":"answer q2","metadata":{"product":"Acme"}}
        {"id":"q3","input":"question q3","expected":"answer q3","metadata":{"product":"Acme"}}
        {"id":"q4","input":"question q4 — für Kunden","expected":"answer q4","metadata":{"product":"Acme"}}

        """;

    private const string Extra = """
        {"id":"q2","input":"question q2","expected":"answer q2, corrected","metadata":{"product":"Acme"}}
        {"id":"q5","input":"question q5","expected":"answer q5"}

        """;

    [Fact]
    public async Task ImportExportList_OnTheBareStore_MakeVersions_AndExportGivesTheFileBack()
    {
        var work = await WorkAsync();

        var first = await VigilProcess.RunAsync(work, "dataset", "import", "golden", "golden.jsonl");
        var same = await VigilProcess.RunAsync(work, "dataset", "import", "golden", "golden.jsonl");
        var append = await VigilProcess.RunAsync(work, "dataset", "import", "golden", "extra.jsonl", "--append", "--note", "fix q2", "--json");
        var exportFirst = await VigilProcess.RunAsync(work, "dataset", "export", "golden@1");
        var exportLatest = await VigilProcess.RunAsync(work, "dataset", "export", "golden", "-o", "out.jsonl");
        var list = await VigilProcess.RunAsync(work, "dataset", "list");
        var versions = await VigilProcess.RunAsync(work, "dataset", "list", "golden", "--json");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("golden@1: 4 items (4 added, 0 updated)", first.Stdout, StringComparison.Ordinal);
        Assert.True(same.ExitCode == 0, same.Stderr);
        Assert.Contains("golden@1 unchanged", same.Stdout, StringComparison.Ordinal);
        Assert.True(append.ExitCode == 0, append.Stderr);
        var change = JsonDocument.Parse(append.Stdout).RootElement;
        Assert.Equal((2, 5, 1, 1, false), (change.GetProperty("version").GetProperty("version").GetInt32(), change.GetProperty("version").GetProperty("itemCount").GetInt32(),
            change.GetProperty("added").GetInt32(), change.GetProperty("updated").GetInt32(), change.GetProperty("unchanged").GetBoolean()));

        Assert.True(exportFirst.ExitCode == 0, exportFirst.Stderr);
        Assert.Equal(Golden, exportFirst.Stdout);
        Assert.True(exportLatest.ExitCode == 0, exportLatest.Stderr);
        Assert.Contains("wrote golden@2 to out.jsonl", exportLatest.Stderr, StringComparison.Ordinal);
        var lines = (await File.ReadAllTextAsync(Path.Combine(work, "out.jsonl"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["q1", "q2", "q3", "q4", "q5"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
        Assert.Contains("answer q2, corrected", lines[1], StringComparison.Ordinal);

        Assert.True(list.ExitCode == 0, list.Stderr);
        var row = list.Stdout.Split('\n').Single(l => l.Contains("golden@", StringComparison.Ordinal));
        Assert.Contains("golden@2", row, StringComparison.Ordinal);
        Assert.Contains("fix q2", row, StringComparison.Ordinal);
        Assert.Contains("(local store)", row, StringComparison.Ordinal);
        Assert.True(versions.ExitCode == 0, versions.Stderr);
        var all = JsonDocument.Parse(versions.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal([(1, 4), (2, 5)], all.Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("itemCount").GetInt32())));
    }

    [Fact]
    public async Task Refusals_ExitWith1_NamingLineKeyOrDataset_AndStoreNothing()
    {
        var work = await WorkAsync();
        await File.WriteAllTextAsync(Path.Combine(work, "bad.jsonl"), "{\"input\":\"fine\"}\n{\"input\":\"q\",\"expectd\":\"a\"}\n{\"input\":3}\n");

        var bad = await VigilProcess.RunAsync(work, "dataset", "import", "golden", "bad.jsonl");
        var missingFile = await VigilProcess.RunAsync(work, "dataset", "import", "golden", "nope.jsonl");
        var badName = await VigilProcess.RunAsync(work, "dataset", "import", "bad name", "golden.jsonl");
        var empty = await VigilProcess.RunAsync(work, "dataset", "list", "--json");
        await VigilProcess.RunAsync(work, "dataset", "import", "golden", "golden.jsonl");
        var noVersion = await VigilProcess.RunAsync(work, "dataset", "export", "golden@7");
        var badRef = await VigilProcess.RunAsync(work, "dataset", "export", "golden@latest");
        var unknown = await VigilProcess.RunAsync(work, "dataset", "list", "nope");

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("line 2: expectd: unknown key", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 3: input: must be a string, not a number", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, missingFile.ExitCode);
        Assert.Contains("cannot read 'nope.jsonl'", missingFile.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, badName.ExitCode);
        Assert.Contains("'bad name' is not a valid dataset name", badName.Stderr, StringComparison.Ordinal);
        Assert.True(empty.ExitCode == 0, empty.Stderr);
        Assert.Empty(JsonDocument.Parse(empty.Stdout).RootElement.EnumerateArray());
        Assert.Equal(1, noVersion.ExitCode);
        Assert.Contains("dataset 'golden' has no version 7", noVersion.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, badRef.ExitCode);
        Assert.Contains("'latest' is not a dataset version", badRef.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no dataset 'nope'", unknown.Stderr, StringComparison.Ordinal);
    }

    internal static async Task<string> WorkAsync()
    {
        var work = Directory.CreateTempSubdirectory("vigil-cli-dataset-").FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "golden.jsonl"), Golden);
        await File.WriteAllTextAsync(Path.Combine(work, "extra.jsonl"), Extra);
        return work;
    }
}
