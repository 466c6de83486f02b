using Vigil.Core.Ports;
using Vigil.Core.Releases;

namespace Vigil.Storage.Contracts;

/// <summary>
/// The contract of <see cref="IReleaseStore"/>: releases, activations and the audit log, each commit
/// atomic. Times are microsecond-aligned, the precision every engine keeps.
/// </summary>
public abstract class ReleaseStoreContract : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 10, 0, 0, 123, 456, TimeSpan.Zero);

    private readonly CancellationTokenSource _timeout = new(Timeout);
    private IReleaseStore? _store;

    protected IReleaseStore Store => _store ?? throw new InvalidOperationException("the store is created in InitializeAsync");

    protected CancellationToken Ct => _timeout.Token;

    /// <summary>A new, empty store for one test.</summary>
    protected abstract Task<IReleaseStore> CreateStoreAsync();

    /// <summary>Closes <paramref name="store"/> and opens a store on the same data again (a restart).</summary>
    protected abstract Task<IReleaseStore> ReopenStoreAsync(IReleaseStore store);

    protected virtual Task DisposeStoreAsync(IReleaseStore store) => Task.CompletedTask;

    public async Task InitializeAsync() => _store = await CreateStoreAsync().WaitAsync(Timeout);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await DisposeStoreAsync(_store).WaitAsync(Timeout);
        }

        _timeout.Dispose();
    }

    [Fact]
    public async Task Release_CommitThenGet_RoundTripsEveryField()
    {
        var r1 = NewRelease("p1", "chat", 1) with
        {
            Index = new IndexAxis("kb-docs", "2025-02-28"),
            Description = null,
        };
        var r2 = NewRelease("p1", "chat", 2) with
        {
            Description = "rollback of model, routing to r1 — «hotfix» ✓",
            Model = new ModelAxis("anthropic", "claude-sonnet-4", new Dictionary<string, string>
            {
                ["temperature"] = "0.2",
                ["max_tokens"] = "1024",
                ["stop"] = "[\"\\n\\n\", \"END\"]",
            }),
            Prompt = new PromptAxis("support-v7", "Réponds en français, s'il te plaît 🇫🇷\n{{question}}\r\n\t— 日本語でも «ok» \"quoted\" \\ {{#each docs}}{{this}}{{/each}}\n"),
            Index = null,
            Routing = new RoutingAxis(
                "route-3",
                [new RouteTarget("anthropic", "claude-sonnet-4", 0.1 + 0.2), new RouteTarget("bedrock", "claude-sonnet-4", 0.7), new RouteTarget("vertex", "claude-sonnet-4")],
                [new RouteTarget("openai", "gpt-4o"), new RouteTarget("openai", "gpt-4o-mini", 2.5)]),
            CreatedAt = T0.AddMinutes(5).ToOffset(TimeSpan.FromHours(2)),
            CreatedBy = "alice@example.com",
            RolledBackTo = new RollbackOrigin("r1", [ReleaseAxis.Model, ReleaseAxis.Routing]),
        };
        await CreateAsync(r1);
        await CreateAsync(r2);

        var got1 = await Store.GetReleaseAsync("p1", "chat", 1, Ct).WaitAsync(Timeout);
        var got2 = await Store.GetReleaseAsync("p1", "chat", 2, Ct).WaitAsync(Timeout);
        var listed = await Store.ListReleasesAsync("p1", "chat", Ct).WaitAsync(Timeout);

        AssertRelease(r1, got1);
        AssertRelease(r2, got2);
        Assert.Equal(2, listed.Count);
        AssertRelease(r1, listed[0]);
        AssertRelease(r2, listed[1]);
        Assert.Equal(0.1 + 0.2, got2!.Routing.Primaries[0].Weight);
        Assert.Equal(r2.Prompt.Template, got2.Prompt.Template);
        Assert.Equal("r2", got2.Id);
        Assert.Null(await Store.GetReleaseAsync("p1", "chat", 3, Ct).WaitAsync(Timeout));
        Assert.Null(await Store.GetReleaseAsync("p1", "search", 1, Ct).WaitAsync(Timeout));
    }

    [Fact]
    public async Task ListReleases_OldestFirst()
    {
        foreach (var number in new[] { 1, 3, 2, 4 })
        {
            await CreateAsync(NewRelease("p1", "chat", number));
        }

        var listed = await Store.ListReleasesAsync("p1", "chat", Ct).WaitAsync(Timeout);

        Assert.Equal(["r1", "r2", "r3", "r4"], listed.Select(r => r.Id));
        Assert.Empty(await Store.ListReleasesAsync("p1", "search", Ct).WaitAsync(Timeout));
    }

    [Fact]
    public async Task ListFeatures_InNameOrder_OnlyTheProjectsFeaturesWithReleases()
    {
        await CreateAsync(NewRelease("p1", "summarize", 1));
        await CreateAsync(NewRelease("p1", "chat", 1));
        await CreateAsync(NewRelease("p1", "chat", 2));
        await CreateAsync(NewRelease("p1", "search", 1));
        await CreateAsync(NewRelease("p2", "agent", 1));

        Assert.Equal(["chat", "search", "summarize"], await Store.ListFeaturesAsync("p1", Ct).WaitAsync(Timeout));
        Assert.Equal(["agent"], await Store.ListFeaturesAsync("p2", Ct).WaitAsync(Timeout));
        Assert.Empty(await Store.ListFeaturesAsync("p3", Ct).WaitAsync(Timeout));
    }

    [Fact]
    public async Task GetActive_IsTheLatestActivation_EvenWhenTimesTie()
    {
        await CreateAsync(NewRelease("p1", "chat", 1));
        await CreateAsync(NewRelease("p1", "chat", 2));
        Assert.Null(await Store.GetActiveAsync("p1", "chat", Ct).WaitAsync(Timeout));

        var first = Activation("p1", "chat", "r1", null, T0);
        var second = Activation("p1", "chat", "r2", "r1", T0) with
        {
            Changes = [new AxisChange(ReleaseAxis.Prompt, "prompt.version", "p1", "p2"), new AxisChange(ReleaseAxis.Index, "index", null, "kb@2")],
        };
        await ActivateAsync(first, expected: null);
        AssertActivation(first, await Store.GetActiveAsync("p1", "chat", Ct).WaitAsync(Timeout));

        await ActivateAsync(second, expected: "r1");
        AssertActivation(second, await Store.GetActiveAsync("p1", "chat", Ct).WaitAsync(Timeout));

        var third = Activation("p1", "chat", "r1", "r2", T0);
        await ActivateAsync(third, expected: "r2");
        AssertActivation(third, await Store.GetActiveAsync("p1", "chat", Ct).WaitAsync(Timeout));
        Assert.Null(await Store.GetActiveAsync("p1", "search", Ct).WaitAsync(Timeout));
    }

    [Fact]
    public async Task ListActivations_InTheRange_OldestFirst_PerFeatureOrEvery()
    {
        await CreateAsync(NewRelease("p1", "chat", 1));
        await CreateAsync(NewRelease("p1", "chat", 2));
        await CreateAsync(NewRelease("p1", "search", 1));
        await CreateAsync(NewRelease("p2", "chat", 1));
        var chat1 = Activation("p1", "chat", "r1", null, T0);
        var search1 = Activation("p1", "search", "r1", null, T0.AddMinutes(1));
        var chat2 = Activation("p1", "chat", "r2", "r1", T0.AddMinutes(2));
        var chat3 = Activation("p1", "chat", "r1", "r2", T0.AddMinutes(2));
        var chat4 = Activation("p1", "chat", "r2", "r1", T0.AddMinutes(3));
        var other = Activation("p2", "chat", "r1", null, T0.AddMinutes(1));
        await ActivateAsync(chat1, null);
        await ActivateAsync(search1, null);
        await ActivateAsync(chat2, "r1");
        await ActivateAsync(chat3, "r2");
        await ActivateAsync(chat4, "r1");
        await ActivateAsync(other, null);

        var all = await Store.ListActivationsAsync("p1", null, T0.AddMinutes(1), T0.AddMinutes(3), Ct).WaitAsync(Timeout);
        var chat = await Store.ListActivationsAsync("p1", "chat", T0, T0.AddMinutes(3).AddTicks(10), Ct).WaitAsync(Timeout);

        Assert.Equal(3, all.Count);
        AssertActivation(search1, all[0]);
        AssertActivation(chat2, all[1]);
        AssertActivation(chat3, all[2]);
        Assert.Equal([("r1", T0), ("r2", T0.AddMinutes(2)), ("r1", T0.AddMinutes(2)), ("r2", T0.AddMinutes(3))], chat.Select(a => (a.ReleaseId, a.At)));
        Assert.Empty(await Store.ListActivationsAsync("p1", "chat", T0.AddMinutes(4), T0.AddMinutes(5), Ct).WaitAsync(Timeout));
        AssertActivation(other, Assert.Single(await Store.ListActivationsAsync("p2", null, T0, T0.AddHours(1), Ct).WaitAsync(Timeout)));
    }

    [Fact]
    public async Task ListAudit_NewestFirst_WithALimit_PerFeatureOrEvery()
    {
        await CreateAsync(NewRelease("p1", "chat", 1));
        await CreateAsync(NewRelease("p1", "search", 1));
        await CreateAsync(NewRelease("p1", "chat", 2));
        var activation = Activation("p1", "chat", "r2", null, T0.AddMinutes(2));
        var activate = new AuditEntry(
            activation.At, "bob", ReleaseAction.Activate, "p1", "chat", "r2", null, "ship it\nticket #42", [new AxisChange(ReleaseAxis.Model, "model.parameters.temperature", "0.7", null)]);
        await Store.CommitAsync(new ReleaseCommit("p1", "chat", null, activation, null, [activate]), Ct).WaitAsync(Timeout);
        await CreateAsync(NewRelease("p2", "chat", 1));

        var all = await Store.ListAuditAsync("p1", null, 10, Ct).WaitAsync(Timeout);
        var chat = await Store.ListAuditAsync("p1", "chat", 2, Ct).WaitAsync(Timeout);

        Assert.Equal([("chat", ReleaseAction.Activate, "r2"), ("chat", ReleaseAction.Create, "r2"), ("search", ReleaseAction.Create, "r1"), ("chat", ReleaseAction.Create, "r1")],
            all.Select(e => (e.Feature, e.Action, e.ReleaseId)));
        Assert.Equal(2, chat.Count);
        AssertAudit(activate, chat[0]);
        AssertAudit(CreateAudit(NewRelease("p1", "chat", 2)), chat[1]);
        Assert.Equal(2, (await Store.ListAuditAsync("p1", null, 2, Ct).WaitAsync(Timeout)).Count);
        Assert.Empty(await Store.ListAuditAsync("p1", null, 0, Ct).WaitAsync(Timeout));
        Assert.Equal("p2", Assert.Single(await Store.ListAuditAsync("p2", null, 10, Ct).WaitAsync(Timeout)).Project);
    }

    [Fact]
    public async Task Commit_WithATakenNumber_ThrowsConflict_AndWritesNothing()
    {
        var r1 = NewRelease("p1", "chat", 1);
        await CreateAsync(r1);
        await ActivateAsync(Activation("p1", "chat", "r1", null, T0.AddMinutes(1)), null);
        var before = await SnapshotAsync("p1", "chat");

        var clash = NewRelease("p1", "chat", 1) with { Description = "a second r1", CreatedAt = T0.AddMinutes(9) };
        var activation = Activation("p1", "chat", "r1", "r1", T0.AddMinutes(9));
        var audit = new AuditEntry(T0.AddMinutes(9), "bob", ReleaseAction.Rollback, "p1", "chat", "r1", "r1", "clash", []);

        await Assert.ThrowsAsync<ReleaseConflictException>(() =>
            Store.CommitAsync(new ReleaseCommit("p1", "chat", clash, activation, "r1", [audit]), Ct).WaitAsync(Timeout));

        Assert.Equal(before, await SnapshotAsync("p1", "chat"));
        AssertRelease(r1, await Store.GetReleaseAsync("p1", "chat", 1, Ct).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Commit_WithAStaleExpectedActiveRelease_ThrowsConflict_AndWritesNothing()
    {
        await CreateAsync(NewRelease("p1", "chat", 1));
        await CreateAsync(NewRelease("p1", "chat", 2));

        // Nothing active yet, but the commit expects r1 to be.
        await Assert.ThrowsAsync<ReleaseConflictException>(() => ActivateAsync(Activation("p1", "chat", "r2", "r1", T0.AddMinutes(3)), "r1"));
        Assert.Null(await Store.GetActiveAsync("p1", "chat", Ct).WaitAsync(Timeout));

        await ActivateAsync(Activation("p1", "chat", "r1", null, T0.AddMinutes(4)), null);
        var before = await SnapshotAsync("p1", "chat");

        // Someone else activated r1 first: a second "first activation" loses.
        await Assert.ThrowsAsync<ReleaseConflictException>(() => ActivateAsync(Activation("p1", "chat", "r2", null, T0.AddMinutes(5)), null));

        // A rollback computed against r2 as the active release: its new release r3 is not written either.
        var r3 = NewRelease("p1", "chat", 3) with { RolledBackTo = new RollbackOrigin("r1", [ReleaseAxis.Prompt]) };
        var rollback = Activation("p1", "chat", "r3", "r2", T0.AddMinutes(6));
        var audit = new AuditEntry(rollback.At, "bob", ReleaseAction.Rollback, "p1", "chat", "r3", "r2", "stale", []);
        await Assert.ThrowsAsync<ReleaseConflictException>(() =>
            Store.CommitAsync(new ReleaseCommit("p1", "chat", r3, rollback, "r2", [audit]), Ct).WaitAsync(Timeout));

        Assert.Equal(before, await SnapshotAsync("p1", "chat"));
        Assert.Null(await Store.GetReleaseAsync("p1", "chat", 3, Ct).WaitAsync(Timeout));
        Assert.Equal("r1", (await Store.GetActiveAsync("p1", "chat", Ct).WaitAsync(Timeout))?.ReleaseId);
    }

    [Fact]
    public async Task FeaturesAndProjects_DoNotSeeEachOthersReleases()
    {
        var cells = new[] { ("p1", "chat"), ("p1", "search"), ("p2", "chat"), ("p2", "search") };
        foreach (var (project, feature) in cells)
        {
            var release = NewRelease(project, feature, 1) with { Description = $"{project}/{feature}" };
            await CreateAsync(release);
            await ActivateAsync(Activation(project, feature, "r1", null, T0.AddMinutes(1)), null);
        }

        await CreateAsync(NewRelease("p2", "chat", 2) with { Description = "p2/chat" });
        await ActivateAsync(Activation("p2", "chat", "r2", "r1", T0.AddMinutes(2)), "r1");

        foreach (var (project, feature) in cells)
        {
            var releases = await Store.ListReleasesAsync(project, feature, Ct).WaitAsync(Timeout);
            Assert.All(releases, r => Assert.Equal(($"{project}/{feature}", project, feature), (r.Description, r.Project, r.Feature)));
            Assert.Equal(project == "p2" && feature == "chat" ? 2 : 1, releases.Count);
            var active = await Store.GetActiveAsync(project, feature, Ct).WaitAsync(Timeout);
            Assert.Equal((project, feature, project == "p2" && feature == "chat" ? "r2" : "r1"), (active?.Project, active?.Feature, active?.ReleaseId));
            var r1 = await Store.GetReleaseAsync(project, feature, 1, Ct).WaitAsync(Timeout);
            Assert.Equal((project, feature, $"{project}/{feature}"), (r1?.Project, r1?.Feature, r1?.Description));
            var audit = await Store.ListAuditAsync(project, feature, 100, Ct).WaitAsync(Timeout);
            Assert.All(audit, e => Assert.Equal((project, feature), (e.Project, e.Feature)));
        }

        Assert.Null(await Store.GetReleaseAsync("p1", "chat", 2, Ct).WaitAsync(Timeout));
        Assert.Equal(2, (await Store.ListActivationsAsync("p1", null, T0, T0.AddHours(1), Ct).WaitAsync(Timeout)).Count);
        Assert.Equal(3, (await Store.ListActivationsAsync("p2", null, T0, T0.AddHours(1), Ct).WaitAsync(Timeout)).Count);
    }

    [Fact]
    public async Task Data_SurvivesClosingAndReopening()
    {
        var r1 = NewRelease("p1", "chat", 1) with { Index = new IndexAxis("kb", "v1") };
        var r2 = NewRelease("p1", "chat", 2) with { RolledBackTo = new RollbackOrigin("r1", [ReleaseAxis.Index]) };
        await CreateAsync(r1);
        await CreateAsync(r2);
        var first = Activation("p1", "chat", "r1", null, T0.AddMinutes(3));
        var second = Activation("p1", "chat", "r2", "r1", T0.AddMinutes(3)) with { Changes = [new AxisChange(ReleaseAxis.Index, "index", "kb@v1", null)] };
        await ActivateAsync(first, null);
        await ActivateAsync(second, "r1");
        var before = await SnapshotAsync("p1", "chat");

        _store = await ReopenStoreAsync(Store).WaitAsync(Timeout);

        Assert.Equal(before, await SnapshotAsync("p1", "chat"));
        AssertRelease(r1, await Store.GetReleaseAsync("p1", "chat", 1, Ct).WaitAsync(Timeout));
        AssertRelease(r2, await Store.GetReleaseAsync("p1", "chat", 2, Ct).WaitAsync(Timeout));
        AssertActivation(second, await Store.GetActiveAsync("p1", "chat", Ct).WaitAsync(Timeout));

        // Commits after the restart still come after those before it, even at the same time.
        var third = Activation("p1", "chat", "r1", "r2", T0.AddMinutes(3));
        await ActivateAsync(third, "r2");
        AssertActivation(third, await Store.GetActiveAsync("p1", "chat", Ct).WaitAsync(Timeout));
        Assert.Equal(["r1", "r2", "r1"], (await Store.ListActivationsAsync("p1", "chat", T0, T0.AddHours(1), Ct).WaitAsync(Timeout)).Select(a => a.ReleaseId));
        Assert.Equal(ReleaseAction.Activate, (await Store.ListAuditAsync("p1", "chat", 1, Ct).WaitAsync(Timeout))[0].Action);
    }

    private static Release NewRelease(string project, string feature, int number) => new()
    {
        Project = project,
        Feature = feature,
        Number = number,
        Description = $"release {number}",
        Model = new ModelAxis("openai", "gpt-4o-mini"),
        Prompt = new PromptAxis($"v{number}", "Answer briefly: {{question}}"),
        Routing = new RoutingAxis("default", [new RouteTarget("openai", "gpt-4o-mini")], []),
        CreatedAt = T0.AddMinutes(number),
        CreatedBy = "alice",
    };

    private static ReleaseActivation Activation(string project, string feature, string releaseId, string? previous, DateTimeOffset at) =>
        new(project, feature, releaseId, previous, at, "bob", $"activate {releaseId}", []);

    private static AuditEntry CreateAudit(Release release) =>
        new(release.CreatedAt, release.CreatedBy, ReleaseAction.Create, release.Project, release.Feature, release.Id, null, "created", []);

    private Task CreateAsync(Release release) =>
        Store.CommitAsync(new ReleaseCommit(release.Project, release.Feature, release, null, null, [CreateAudit(release)]), Ct).WaitAsync(Timeout);

    private Task ActivateAsync(ReleaseActivation activation, string? expected)
    {
        var audit = new AuditEntry(
            activation.At, activation.Actor, ReleaseAction.Activate, activation.Project, activation.Feature, activation.ReleaseId,
            activation.PreviousReleaseId, activation.Reason, activation.Changes);
        return Store.CommitAsync(new ReleaseCommit(activation.Project, activation.Feature, null, activation, expected, [audit]), Ct).WaitAsync(Timeout);
    }

    /// <summary>Everything stored for a feature, as comparable text.</summary>
    private async Task<string> SnapshotAsync(string project, string feature)
    {
        var releases = await Store.ListReleasesAsync(project, feature, Ct).WaitAsync(Timeout);
        var activations = await Store.ListActivationsAsync(project, feature, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, Ct).WaitAsync(Timeout);
        var audit = await Store.ListAuditAsync(project, feature, 1000, Ct).WaitAsync(Timeout);
        return string.Join(
            "\n",
            releases.Select(r => $"{r with { RolledBackTo = null }} {string.Join(',', r.Model.Parameters)} {r.RolledBackTo?.ReleaseId} {string.Join(',', r.RolledBackTo?.Axes ?? [])}")
                .Concat(activations.Select(a => $"{a with { Changes = [] }} {string.Join(';', a.Changes)}"))
                .Concat(audit.Select(e => $"{e with { Changes = [] }} {string.Join(';', e.Changes)}")));
    }

    private static void AssertRelease(Release expected, Release? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { RolledBackTo = null }, actual with { RolledBackTo = null });
        Assert.Equal(expected.RolledBackTo?.ReleaseId, actual.RolledBackTo?.ReleaseId);
        Assert.Equal(expected.RolledBackTo?.Axes ?? [], actual.RolledBackTo?.Axes ?? []);
    }

    private static void AssertActivation(ReleaseActivation expected, ReleaseActivation? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Changes = [] }, actual with { Changes = [] });
        Assert.Equal(expected.Changes, actual.Changes);
    }

    private static void AssertAudit(AuditEntry expected, AuditEntry actual)
    {
        Assert.Equal(expected with { Changes = [] }, actual with { Changes = [] });
        Assert.Equal(expected.Changes, actual.Changes);
    }
}
