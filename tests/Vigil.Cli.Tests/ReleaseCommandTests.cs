using System.Text.Json;

namespace Vigil.Cli.Tests;

/// <summary><c>vigil release create|activate|rollback|list|diff</c>, on the bare store and through a running server.</summary>
public sealed class ReleaseCommandTests
{
    private const string ReleaseYaml = """
        description: first cut
        model:
          provider: openai
          model: gpt-4o
          parameters: { temperature: 0.2, max_tokens: 512 }
        prompt:
          version: 1.10
          template: |
            You are a support agent for {{product}}.
            Answer: {{question}}
        index: { name: docs, version: 7 }
        routing:
          version: v1
          primaries:
            - { provider: openai, model: gpt-4o, weight: 3 }
            - { provider: azure, model: gpt-4o }
          fallbacks:
            - { provider: anthropic, model: claude-sonnet-4 }
        """;

    private const string SecondPrompt = "You are a terse support agent for {{product}}.\nAnswer: {{question}}\nCite {{sources}}.\n";

    [Fact]
    public async Task CreateActivateRollbackListDiff_OnTheBareStore()
    {
        var work = await WorkAsync();

        var first = await VigilProcess.RunAsync(work, "release", "create", "--feature", "chat", "--file", "release.yaml", "--activate", "--reason", "launch");
        var second = await VigilProcess.RunAsync(work, "release", "create", "--feature", "chat", "--file", "release.yaml",
            "--prompt-version", "v2", "--prompt-file", "p2.txt", "--model", "gpt-4.1", "--index", "docs@8", "--json");
        var activate = await VigilProcess.RunAsync(work, "release", "activate", "chat", "r2", "--reason", "terser prompt");
        var again = await VigilProcess.RunAsync(work, "release", "activate", "chat", "r2", "--reason", "again");
        var rollback = await VigilProcess.RunAsync(work, "release", "rollback", "chat", "--to", "r1", "--axes", "prompt", "--reason", "v2 regressed", "--json");
        var list = await VigilProcess.RunAsync(work, "release", "list", "chat");
        var features = await VigilProcess.RunAsync(work, "release", "list", "--json");
        var diff = await VigilProcess.RunAsync(work, "release", "diff", "chat", "r1", "r2");
        var diffJson = await VigilProcess.RunAsync(work, "release", "diff", "chat", "r1", "r3", "--json");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("created chat r1: model openai/gpt-4o, prompt 1.10, index docs@7, routing v1 (active)", first.Stdout, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.Stderr);
        var r2 = JsonDocument.Parse(second.Stdout).RootElement.GetProperty("release");
        Assert.Equal(("r2", false, "0.2"), (r2.GetProperty("id").GetString(), r2.GetProperty("active").GetBoolean(), r2.GetProperty("model").GetProperty("parameters").GetProperty("temperature").GetString()));
        Assert.Equal(["product", "question", "sources"], r2.GetProperty("prompt").GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
        Assert.True(activate.ExitCode == 0, activate.Stderr);
        Assert.Contains("r2 is active (was r1; changed model, prompt, index)", activate.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("r2 is already the active release of chat", again.Stderr, StringComparison.Ordinal);

        Assert.True(rollback.ExitCode == 0, rollback.Stderr);
        var r3 = JsonDocument.Parse(rollback.Stdout).RootElement.GetProperty("release");
        Assert.Equal(("r3", true), (r3.GetProperty("id").GetString(), r3.GetProperty("active").GetBoolean()));
        Assert.Equal(("1.10", "gpt-4.1", "8"), (r3.GetProperty("prompt").GetProperty("version").GetString(),
            r3.GetProperty("model").GetProperty("model").GetString(), r3.GetProperty("index").GetProperty("version").GetString()));

        Assert.True(list.ExitCode == 0, list.Stderr);
        var r3Row = list.Stdout.Split('\n').Single(l => l.Contains("│ r3 ", StringComparison.Ordinal));
        Assert.Contains("● active", r3Row, StringComparison.Ordinal);
        Assert.Contains("v1: openai/gpt-4o×3, azure/gpt-4o → anthropic/claude-sonnet-4", r3Row, StringComparison.Ordinal);
        Assert.Contains("chat: r3 is active", list.Stdout, StringComparison.Ordinal);
        Assert.True(features.ExitCode == 0, features.Stderr);
        var chat = JsonDocument.Parse(features.Stdout).RootElement.GetProperty("features").EnumerateArray().Single();
        Assert.Equal(("chat", 3, "r3"), (chat.GetProperty("feature").GetString(), chat.GetProperty("releases").GetInt32(), chat.GetProperty("active").GetProperty("id").GetString()));

        Assert.True(diff.ExitCode == 0, diff.Stderr);
        Assert.Contains("model.model", diff.Stdout, StringComparison.Ordinal);
        Assert.Contains("- You are a support agent for {{product}}.", diff.Stdout, StringComparison.Ordinal);
        Assert.Contains("+ You are a terse support agent for {{product}}.", diff.Stdout, StringComparison.Ordinal);
        Assert.Contains("+ Cite {{sources}}.", diff.Stdout, StringComparison.Ordinal);
        Assert.Contains("  Answer: {{question}}", diff.Stdout, StringComparison.Ordinal);
        var axes = JsonDocument.Parse(diffJson.Stdout).RootElement.GetProperty("axes").EnumerateArray().Select(a => a.GetString());
        Assert.Equal(["model", "index"], axes);
    }

    [Fact]
    public async Task Refusals_ExitWith1AndSayWhy()
    {
        var work = await WorkAsync();
        await File.WriteAllTextAsync(Path.Combine(work, "bad.yaml"), "model: [unclosed\n");
        await File.WriteAllTextAsync(Path.Combine(work, "typo.yaml"), "modle: {}\n");
        await VigilProcess.RunAsync(work, "release", "create", "--feature", "chat", "--file", "release.yaml");

        var missing = await VigilProcess.RunAsync(work, "release", "create", "--feature", "chat", "--provider", "openai", "--prompt-version", "v9");
        var badYaml = await VigilProcess.RunAsync(work, "release", "create", "--feature", "chat", "--file", "bad.yaml");
        var typo = await VigilProcess.RunAsync(work, "release", "create", "--feature", "chat", "--file", "typo.yaml");
        var noReason = await VigilProcess.RunAsync(work, "release", "activate", "chat", "r1");
        var noActive = await VigilProcess.RunAsync(work, "release", "rollback", "chat", "--to", "r1", "--reason", "undo");
        var unknown = await VigilProcess.RunAsync(work, "release", "diff", "chat", "r1", "r9");
        var badAxis = await VigilProcess.RunAsync(work, "release", "rollback", "chat", "--to", "r1", "--axes", "prompt,tone", "--reason", "undo");

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("model.model: required", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("prompt.template: required", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, badYaml.ExitCode);
        Assert.Contains("not valid YAML", badYaml.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, typo.ExitCode);
        Assert.Contains("modle", typo.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, noReason.ExitCode);
        Assert.Equal(1, noActive.ExitCode);
        Assert.Contains("no active release", noActive.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no release r9", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, badAxis.ExitCode);
        Assert.Contains("'tone' is not one of model, prompt, index, routing", badAxis.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_AskTheRunningServer_WhichNamesTheCallerInTheAuditLog()
    {
        var work = await WorkAsync();
        var port = VigilProcess.FreePort();
        await using var server = await VigilProcess.ServeAsync(work, Path.Combine(work, ".vigil"), port, VigilProcess.FreePort());

        var create = await VigilProcess.RunAsync(work, "release", "create", "--feature", "chat", "--provider", "openai", "--model", "gpt-4o",
            "--prompt-version", "v2", "--prompt-file", "p2.txt", "--activate", "--reason", "launch", "--json");
        var list = await VigilProcess.RunAsync(work, "release", "list");

        Assert.True(create.ExitCode == 0, create.Stderr);
        var activation = JsonDocument.Parse(create.Stdout).RootElement.GetProperty("activation");
        Assert.Equal("anonymous (loopback)", activation.GetProperty("actor").GetString());
        var routing = JsonDocument.Parse(create.Stdout).RootElement.GetProperty("release").GetProperty("routing");
        Assert.Equal("direct", routing.GetProperty("version").GetString());
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains("direct: openai/gpt-4o", list.Stdout, StringComparison.Ordinal);
    }

    private static async Task<string> WorkAsync()
    {
        var work = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "release.yaml"), ReleaseYaml);
        await File.WriteAllTextAsync(Path.Combine(work, "p2.txt"), SecondPrompt);
        return work;
    }
}
