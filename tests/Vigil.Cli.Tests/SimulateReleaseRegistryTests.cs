namespace Vigil.Cli.Tests;

/// <summary><c>vigil simulate</c> deploys acme through the in-process Vigil's release registry.</summary>
public sealed class SimulateReleaseRegistryTests
{
    [Fact]
    public async Task Simulate_KeptData_HoldsAcmesReleasesAndDeploys_InTheRegistry()
    {
        var work = Directory.CreateTempSubdirectory("vigil-sim-").FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "short.yaml"), """
            name: short-regression
            seed: 3
            start: 2026-03-02T10:00:00Z
            duration: 20m
            traffic:
              requests_per_minute: 10
            faults:
              - kind: prompt_regression
                at: 10m
                feature: support-chat
            """);

        var simulate = await VigilProcess.RunAsync(work, "simulate", "--scenario", "short.yaml", "--data", "data");
        var chat = await VigilProcess.RunAsync(work, "release", "list", "support-chat", "--data", "data");
        var all = await VigilProcess.RunAsync(work, "release", "list", "--data", "data");

        Assert.True(simulate.ExitCode == 0, $"exit {simulate.ExitCode}\n{simulate.Stdout}\n{simulate.Stderr}");
        Assert.True(chat.ExitCode == 0, chat.Stderr);
        Assert.Contains("support-chat: r2 is active", chat.Stdout, StringComparison.Ordinal);
        var r2 = chat.Stdout.Split('\n').Single(l => l.Contains("│ r2 ", StringComparison.Ordinal));
        Assert.Contains("acme deploy pipeline", r2, StringComparison.Ordinal);
        Assert.Contains("p4", r2, StringComparison.Ordinal);
        Assert.True(all.ExitCode == 0, all.Stderr);
        foreach (var feature in new[] { "summarize", "extract-invoice", "research-agent" })
        {
            Assert.Contains(feature, all.Stdout, StringComparison.Ordinal);
        }

        Directory.Delete(work, recursive: true);
    }
}
