using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Cli.Tests;

/// <summary><c>vigil drift compare</c> on CSV and JSONL files: exit 0 without dataset drift, 100 with it, 1 on an error.</summary>
public sealed class DriftCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("vigil-drift-").FullName;

    [Fact]
    public async Task Compare_SameDistribution_Exits0_ShiftedLatencyAndModelMix_Exits100NamingTheColumns()
    {
        var random = new Random(7);
        await WriteCsvAsync("reference.csv", Rows(random, latencyShift: 0, newModelShare: 0.1));
        await WriteCsvAsync("same.csv", Rows(random, latencyShift: 0, newModelShare: 0.1));
        await WriteCsvAsync("shifted.csv", Rows(random, latencyShift: 400, newModelShare: 0.6));

        var same = await VigilProcess.RunAsync(_work, "drift", "compare", "--reference", "reference.csv", "--current", "same.csv");
        var shifted = await VigilProcess.RunAsync(_work, "drift", "compare", "--reference", "reference.csv", "--current", "shifted.csv", "--json");

        Assert.True(same.ExitCode == 0, same.Stdout + same.Stderr);
        Assert.Contains("latency_ms", same.Stdout, StringComparison.Ordinal);
        Assert.True(shifted.ExitCode == 100, shifted.Stdout + shifted.Stderr);
        var report = JsonDocument.Parse(shifted.Stdout).RootElement;
        var text = report.ToString();
        Assert.Contains("latency_ms", text, StringComparison.Ordinal);
        Assert.Contains("model", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_OneColumnWithAChosenTest_ReportsThatTestOnly()
    {
        var random = new Random(3);
        await WriteCsvAsync("a.csv", Rows(random, 0, 0.1));
        await WriteCsvAsync("b.csv", Rows(random, 0, 0.1));

        var run = await VigilProcess.RunAsync(_work, "drift", "compare", "--reference", "a.csv", "--current", "b.csv", "--column", "latency_ms", "--test", "psi", "--json");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var text = JsonDocument.Parse(run.Stdout).RootElement.ToString();
        Assert.Contains("psi", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"model\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_MalformedJsonl_Exits1NamingTheFileAndLine()
    {
        await File.WriteAllTextAsync(Path.Combine(_work, "ref.jsonl"), "{\"x\": 1}\n{\"x\": 2}\nnot json\n");
        await File.WriteAllTextAsync(Path.Combine(_work, "cur.jsonl"), "{\"x\": 1}\n");

        var run = await VigilProcess.RunAsync(_work, "drift", "compare", "--reference", "ref.jsonl", "--current", "cur.jsonl");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ref.jsonl", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 3", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_MissingFile_Exits1()
    {
        var run = await VigilProcess.RunAsync(_work, "drift", "compare", "--reference", "nope.csv", "--current", "nope.csv");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nope.csv", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static List<(double Latency, string Model, int Tokens)> Rows(Random random, double latencyShift, double newModelShare) =>
        [.. Enumerable.Range(0, 400).Select(_ => (
            Latency: 800 + latencyShift + (random.NextDouble() * 400),
            Model: random.NextDouble() < newModelShare ? "gpt-4o-mini" : "gpt-4o",
            Tokens: random.Next(100, 900)))];

    private Task WriteCsvAsync(string name, List<(double Latency, string Model, int Tokens)> rows)
    {
        var text = new StringBuilder("latency_ms,model,input_tokens\n");
        foreach (var (latency, model, tokens) in rows)
        {
            text.Append(latency.ToString("0.##", CultureInfo.InvariantCulture)).Append(',').Append(model).Append(',').Append(tokens.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return File.WriteAllTextAsync(Path.Combine(_work, name), text.ToString());
    }
}
