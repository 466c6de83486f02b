using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Ports;
using Vigil.Core.Releases;

namespace Vigil.Core.Tests.Releases;

public sealed class ReleaseRegistryTests
{
    private const string Project = "default";
    private const string Feature = "support-chat";

    private readonly InMemoryReleaseStore _store = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly ReleaseRegistry _registry;

    public ReleaseRegistryTests() => _registry = new ReleaseRegistry(_store, _clock);

    public static TheoryData<ReleaseAxis> EachAxis => [.. Enum.GetValues<ReleaseAxis>()];

    [Fact]
    public async Task Releases_AreNumberedPerFeature_FromR1()
    {
        var first = await CreateAsync(V1);
        var second = await CreateAsync(V2);
        var other = await _registry.CreateAsync(Project, V1 with { Feature = "summarize" }, "alice", null, CancellationToken.None);

        Assert.Equal(["r1", "r2", "r1"], new[] { first, second, other.Value! }.Select(r => r.Id));
        Assert.Equal(_clock.GetUtcNow(), first.CreatedAt);
        Assert.Equal("alice", first.CreatedBy);
    }

    [Fact]
    public async Task Activating_RecordsADeployMarker_WithTheAxesThatChanged()
    {
        await CreateAsync(V1);
        await CreateAsync(V2);
        await ActivateAsync("r1");
        _clock.Advance(TimeSpan.FromHours(1));

        var activation = (await _registry.ActivateAsync(Project, Feature, "r2", "bob", "new prompt and index", CancellationToken.None)).Value!;

        Assert.Equal(("r2", "r1"), (activation.ReleaseId, activation.PreviousReleaseId));
        Assert.Equal(_clock.GetUtcNow(), activation.At);
        Assert.Equal([ReleaseAxis.Prompt, ReleaseAxis.Index], ReleaseDiff.Axes(activation.Changes));
        Assert.Equal("r2", (await _store.GetActiveAsync(Project, Feature, CancellationToken.None))!.ReleaseId);
    }

    [Theory]
    [MemberData(nameof(EachAxis))]
    public async Task RollingBackOneAxis_MakesANewActiveRelease_WithThatAxisFromTheTarget_AndTheOthersKept(ReleaseAxis axis)
    {
        await CreateAsync(V1);
        await CreateAsync(V3);
        await ActivateAsync("r1");
        await ActivateAsync("r2");

        var rollback = await _registry.RollbackAsync(Project, Feature, "r1", [axis], "carol", "quality dropped", CancellationToken.None);

        Assert.True(rollback.Succeeded, rollback.Error?.Messages[0]);
        var r3 = (await _store.GetReleaseAsync(Project, Feature, 3, CancellationToken.None))!;
        var r1 = (await _store.GetReleaseAsync(Project, Feature, 1, CancellationToken.None))!;
        var r2 = (await _store.GetReleaseAsync(Project, Feature, 2, CancellationToken.None))!;
        foreach (var a in Enum.GetValues<ReleaseAxis>())
        {
            Assert.Equal((a == axis ? r1 : r2).AxisVersion(a), r3.AxisVersion(a));
        }

        Assert.Equal("r1", r3.RolledBackTo!.ReleaseId);
        Assert.Equal([axis], r3.RolledBackTo.Axes);
        Assert.Equal("r3", rollback.Value!.ReleaseId);
        Assert.Equal([axis], ReleaseDiff.Axes(rollback.Value.Changes));
        var audit = await _store.ListAuditAsync(Project, Feature, 10, CancellationToken.None);
        var entry = audit[0];
        Assert.Equal((ReleaseAction.Rollback, "carol", "quality dropped", "r3", "r2"), (entry.Action, entry.Actor, entry.Reason, entry.ReleaseId, entry.FromReleaseId));
        Assert.Equal([axis], ReleaseDiff.Axes(entry.Changes));
    }

    [Fact]
    public async Task RollingBackEveryAxis_RestoresTheTargetsAxes_InANewRelease()
    {
        await CreateAsync(V1);
        await CreateAsync(V3);
        await ActivateAsync("r1");
        await ActivateAsync("r2");

        var rollback = await _registry.RollbackAsync(Project, Feature, "r1", axes: null, "carol", "revert everything", CancellationToken.None);

        var r3 = (await _store.GetReleaseAsync(Project, Feature, 3, CancellationToken.None))!;
        Assert.Empty(ReleaseDiff.Between(ReleaseSpec.Of(r3) with { Description = null }, V1 with { Description = null }));
        Assert.Equal(4, ReleaseDiff.Axes(rollback.Value!.Changes).Count);
        var audit = await _store.ListAuditAsync(Project, Feature, 10, CancellationToken.None);
        Assert.Equal([ReleaseAction.Rollback, ReleaseAction.Activate, ReleaseAction.Activate, ReleaseAction.Create, ReleaseAction.Create], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task Refusals_AreErrorsNamingTheProblem_AndChangeNothing()
    {
        await CreateAsync(V1);
        await CreateAsync(V2);

        var noActive = await _registry.RollbackAsync(Project, Feature, "r1", null, "x", "why", CancellationToken.None);
        await ActivateAsync("r1");
        var same = await _registry.RollbackAsync(Project, Feature, "r1", null, "x", "why", CancellationToken.None);
        var unknown = await _registry.ActivateAsync(Project, Feature, "r9", "x", "why", CancellationToken.None);
        var badId = await _registry.ActivateAsync(Project, Feature, "9", "x", "why", CancellationToken.None);
        var noReason = await _registry.ActivateAsync(Project, Feature, "r2", "x", " ", CancellationToken.None);
        var again = await _registry.ActivateAsync(Project, Feature, "r1", "x", "why", CancellationToken.None);
        var invalid = await _registry.CreateAsync(Project, V1 with { Feature = "bad feature", Routing = V1.Routing with { Primaries = [] } }, "x", null, CancellationToken.None);

        Assert.Equal(RefusalKind.Conflict, noActive.Error!.Kind);
        Assert.Equal(RefusalKind.Invalid, same.Error!.Kind);
        Assert.Contains("nothing to roll back", same.Error.Messages[0], StringComparison.Ordinal);
        Assert.Equal(RefusalKind.NotFound, unknown.Error!.Kind);
        Assert.Equal(RefusalKind.Invalid, badId.Error!.Kind);
        Assert.StartsWith("reason:", noReason.Error!.Messages[0], StringComparison.Ordinal);
        Assert.Equal(RefusalKind.Conflict, again.Error!.Kind);
        Assert.Equal(["feature:", "routing.primaries:"], invalid.Error!.Messages.Select(m => m[..(m.IndexOf(':', StringComparison.Ordinal) + 1)]));
        Assert.Equal(2, (await _store.ListReleasesAsync(Project, Feature, CancellationToken.None)).Count);
        Assert.Single(await _store.ListActivationsAsync(Project, Feature, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None));
    }

    [Fact]
    public async Task AConcurrentActivation_IsAConflict_NotALostUpdate()
    {
        await CreateAsync(V1);
        await CreateAsync(V2);
        await ActivateAsync("r1");
        var stale = new ReleaseCommit(Project, Feature, null,
            new ReleaseActivation(Project, Feature, "r2", null, _clock.GetUtcNow(), "x", "why", []), ExpectedActiveReleaseId: null, []);

        await Assert.ThrowsAsync<ReleaseConflictException>(() => _store.CommitAsync(stale, CancellationToken.None));
    }

    [Fact]
    public async Task Diff_NamesEveryChangedField()
    {
        await CreateAsync(V1);
        await CreateAsync(V3);

        var diff = (await _registry.DiffAsync(Project, Feature, "r1", "r2", CancellationToken.None)).Value!;

        Assert.Equal(
            ["model.model", "model.parameters.temperature", "prompt.version", "prompt.template", "index", "routing.version", "routing.primaries", "routing.fallbacks"],
            diff.Select(c => c.Field));
        Assert.Equal(("openai/gpt-4o", "openai/gpt-4o-mini"), (diff[6].From, diff[6].To));
    }

    private static readonly ReleaseSpec V1 = new()
    {
        Feature = Feature,
        Model = new ModelAxis("openai", "gpt-4o", new Dictionary<string, string> { ["temperature"] = "0.2" }),
        Prompt = new PromptAxis("p3", "You answer support questions about {{product}}. Cite sources."),
        Index = new IndexAxis("support-kb", "v12"),
        Routing = new RoutingAxis("rt1", [new("openai", "gpt-4o")], [new("anthropic", "claude-sonnet-4")]),
    };

    private static readonly ReleaseSpec V2 = V1 with
    {
        Prompt = new PromptAxis("p4", "You answer support questions about {{product}}. Cite every source by id."),
        Index = new IndexAxis("support-kb", "v13"),
    };

    private static readonly ReleaseSpec V3 = V2 with
    {
        Model = new ModelAxis("openai", "gpt-4o-mini", new Dictionary<string, string> { ["temperature"] = "0.5" }),
        Routing = new RoutingAxis("rt2", [new("openai", "gpt-4o-mini")], []),
    };

    private async Task<Release> CreateAsync(ReleaseSpec spec)
    {
        var outcome = await _registry.CreateAsync(Project, spec, "alice", null, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error?.Messages[0]);
        return outcome.Value!;
    }

    private async Task ActivateAsync(string id)
    {
        var outcome = await _registry.ActivateAsync(Project, Feature, id, "alice", "deploy", CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error?.Messages[0]);
    }
}
