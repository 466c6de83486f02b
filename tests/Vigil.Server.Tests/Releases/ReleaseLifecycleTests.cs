using System.Net;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Projects;
using Vigil.Core.Releases;
using Vigil.Server.Releases;
using static Vigil.Server.Tests.Releases.ReleaseHttp;

namespace Vigil.Server.Tests.Releases;

/// <summary>Create, activate, roll back, diff, deploy markers and the audit log over the real API, on a fake clock.</summary>
public sealed class ReleaseLifecycleTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private RunningServer _server = null!;
    private HttpClient _operator = null!;
    private string _keyId = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(time: _clock);
        _operator = _server.ClientWithKey(await _server.CreateKeyAsync("default", ApiKeyScope.Operate));
        _keyId = (await GetAsync<List<KeyRow>>(_server.Http, "/api/v1/keys")).Single().Id;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RollbackOfThePrompt_MakesR3WithR1sPromptAndR2sOtherAxes_Active_AndAuditedWithActorReasonAndChanges()
    {
        var r1 = await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/releases", First(), HttpStatusCode.Created);
        _clock.Advance(TimeSpan.FromHours(1));
        var r2 = await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/releases", Second(), HttpStatusCode.Created);
        _clock.Advance(TimeSpan.FromHours(1));
        var activated = await SendAsync<ActivationJson>(_operator, "/api/v1/features/chat/releases/r2/activate", new { reason = "claude answers better" });
        _clock.Advance(TimeSpan.FromHours(1));
        var rollback = await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/rollback",
            new { to = "r1", axes = new[] { "prompt" }, reason = "v2 prompt regressed" }, HttpStatusCode.Created);

        Assert.Equal(("r1", true), (r1.Release.Id, r1.Release.Active));
        Assert.Null(r1.Activation!.PreviousReleaseId);
        Assert.Equal(("r2", false), (r2.Release.Id, r2.Release.Active));
        Assert.Null(r2.Activation);
        Assert.Equal(("r2", "r1"), (activated.ReleaseId, activated.PreviousReleaseId));
        Assert.Equal([ReleaseAxis.Model, ReleaseAxis.Prompt, ReleaseAxis.Index, ReleaseAxis.Routing], activated.Axes);
        var r3 = rollback.Release;
        Assert.Equal(("r3", true), (r3.Id, r3.Active));
        Assert.Equal(("v1", "Hello {{name}}"), (r3.Prompt.Version, r3.Prompt.Template));
        Assert.Equal(("anthropic", "claude-sonnet-4"), (r3.Model.Provider, r3.Model.Model));
        Assert.Equal(r2.Release.Index, r3.Index);
        Assert.Equal("v2", r3.Routing.Version);
        Assert.Equal("r1", r3.RolledBackTo!.ReleaseId);
        Assert.Equal([ReleaseAxis.Prompt], r3.RolledBackTo.Axes);
        Assert.Equal(("r3", "r2", "v2 prompt regressed"), (rollback.Activation!.ReleaseId, rollback.Activation.PreviousReleaseId, rollback.Activation.Reason));
        Assert.Equal([ReleaseAxis.Prompt], rollback.Activation.Axes);

        var list = await GetAsync<ReleaseListJson>(_server.Http, "/api/v1/features/chat/releases");
        Assert.Equal("r3", list.Active);
        Assert.Equal(["r1", "r2", "r3"], list.Releases.Select(r => r.Id));
        Assert.Equal(["r3"], list.Releases.Where(r => r.Active).Select(r => r.Id));
        Assert.Equal(["name"], list.Releases[2].Prompt.Variables);

        var audit = (await GetAsync<AuditListJson>(_server.Http, "/api/v1/audit?feature=chat")).Entries;
        Assert.Equal(
            [(ReleaseAction.Rollback, "r3"), (ReleaseAction.Activate, "r2"), (ReleaseAction.Create, "r2"), (ReleaseAction.Activate, "r1"), (ReleaseAction.Create, "r1")],
            audit.Select(e => (e.Action, e.ReleaseId)));
        Assert.All(audit, e => Assert.Equal($"test ({_keyId})", e.Actor));
        var rolledBack = audit[0];
        Assert.Equal(("r2", "v2 prompt regressed", Start.AddHours(3)), (rolledBack.FromReleaseId, rolledBack.Reason, rolledBack.At));
        Assert.Equal([ReleaseAxis.Prompt], rolledBack.Axes);
        Assert.Contains(rolledBack.Changes, c => c.Field == "prompt.version" && c.From == "v2" && c.To == "v1");
        Assert.Contains(rolledBack.Changes, c => c.Field == "prompt.template" && c.To == "Hello {{name}}");
        Assert.Equal(("claude answers better", "r1"), (audit[1].Reason, audit[1].FromReleaseId));
        Assert.Single(await GetAsync<AuditListJson>(_server.Http, "/api/v1/audit?limit=1") is { } one ? one.Entries : []);

        var features = (await GetAsync<FeatureListJson>(_server.Http, "/api/v1/features")).Features;
        var chat = Assert.Single(features);
        Assert.Equal(("chat", 3, "r3", "r3", Start.AddHours(3)), (chat.Feature, chat.Releases, chat.Latest, chat.Active?.Id, chat.ActiveSince));
    }

    [Theory]
    [InlineData("model")]
    [InlineData("index")]
    [InlineData("routing")]
    public async Task RollbackOfOneAxis_CopiesThatAxisOnly(string axis)
    {
        await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/releases", First(), HttpStatusCode.Created);
        await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/releases", Second(activate: true), HttpStatusCode.Created);

        var made = await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/rollback",
            new { to = "r1", axes = new[] { axis }, reason = $"{axis} regressed" }, HttpStatusCode.Created);

        var r3 = made.Release;
        Assert.Equal(axis == "model" ? "gpt-4o" : "claude-sonnet-4", r3.Model.Model);
        Assert.Equal("v2", r3.Prompt.Version);
        Assert.Equal(axis == "index" ? "1" : "2", r3.Index!.Version);
        Assert.Equal(axis == "routing" ? "v1" : "v2", r3.Routing.Version);
        Assert.Equal(axis == "routing" ? ["azure"] : Array.Empty<string>(), r3.Routing.Fallbacks.Select(f => f.Provider));
        Assert.Equal([Enum.Parse<ReleaseAxis>(axis, ignoreCase: true)], made.Activation!.Axes);
    }

    [Fact]
    public async Task RollbackOfAllAxes_RestoresTheTargetAsANewRelease()
    {
        await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/releases", First(), HttpStatusCode.Created);
        await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/releases", Second(activate: true), HttpStatusCode.Created);

        var made = await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/rollback", new { to = "r1", reason = "everything regressed" }, HttpStatusCode.Created);
        var diff = await GetAsync<DiffJson>(_server.Http, "/api/v1/features/chat/releases/r1/diff/r3");

        Assert.Equal("r3", made.Release.Id);
        Assert.Equal([ReleaseAxis.Model, ReleaseAxis.Prompt, ReleaseAxis.Index, ReleaseAxis.Routing], made.Release.RolledBackTo!.Axes);
        Assert.Empty(diff.Changes);
        Assert.Equal(4, made.Activation!.Axes.Count);
    }

    [Fact]
    public async Task Diff_NamesEachChangedFieldByAxis()
    {
        await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/releases", First(), HttpStatusCode.Created);
        await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/releases", Second(), HttpStatusCode.Created);

        var diff = await GetAsync<DiffJson>(_server.Http, "/api/v1/features/chat/releases/r1/diff/r2");

        Assert.Equal(("chat", "r1", "r2"), (diff.Feature, diff.From, diff.To));
        Assert.Equal([ReleaseAxis.Model, ReleaseAxis.Prompt, ReleaseAxis.Index, ReleaseAxis.Routing], diff.Axes);
        Assert.Contains(new AxisChangeJson(ReleaseAxis.Model, "model.provider", "openai", "anthropic"), diff.Changes);
        Assert.Contains(new AxisChangeJson(ReleaseAxis.Prompt, "prompt.template", "Hello {{name}}", "Hi {{name}}, about {{topic}}"), diff.Changes);
        Assert.Contains(new AxisChangeJson(ReleaseAxis.Index, "index", "docs@1", "docs@2"), diff.Changes);
        Assert.Contains(new AxisChangeJson(ReleaseAxis.Routing, "routing.fallbacks", "azure/gpt-4o", ""), diff.Changes);
        Assert.DoesNotContain(diff.Changes, c => c.Field.StartsWith("model.parameters", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploys_AreTheActivationsInTheRange_PerFeatureAndForAll()
    {
        await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/releases", First(), HttpStatusCode.Created); // 09:00
        _clock.Advance(TimeSpan.FromHours(2));
        await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/releases", Second(activate: true), HttpStatusCode.Created); // 11:00
        _clock.Advance(TimeSpan.FromHours(1));
        await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/search/releases", First(), HttpStatusCode.Created); // 12:00
        _clock.Advance(TimeSpan.FromHours(1));

        var chat = await GetAsync<DeployListJson>(_server.Http, "/api/v1/features/chat/deploys?from=2026-11-28T10:00:00Z&to=2026-11-28T13:00:00Z");
        var all = await GetAsync<DeployListJson>(_server.Http, "/api/v1/deploys?from=2026-11-28T10:00:00Z&to=now");
        var everything = await GetAsync<DeployListJson>(_server.Http, "/api/v1/deploys");

        var deploy = Assert.Single(chat.Deploys);
        Assert.Equal(("chat", "r2", "r1", Start.AddHours(2), "second release"), (deploy.Feature, deploy.ReleaseId, deploy.PreviousReleaseId, deploy.At, deploy.Reason));
        Assert.Equal([ReleaseAxis.Model, ReleaseAxis.Prompt, ReleaseAxis.Index, ReleaseAxis.Routing], deploy.Axes);
        Assert.Equal([("chat", "r2"), ("search", "r1")], all.Deploys.Select(d => (d.Feature, d.ReleaseId)));
        Assert.Equal(Start.AddHours(4), all.To);
        Assert.Equal(3, everything.Deploys.Count);
    }

    [Fact]
    public async Task Render_FillsTheVariablesWithoutHtmlEscaping_AndNamesEveryMissingOne()
    {
        await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/releases", First(), HttpStatusCode.Created);
        await SendAsync<ReleaseChangeJson>(_operator, "/api/v1/features/chat/releases", Second(), HttpStatusCode.Created);

        var rendered = await SendAsync<RenderJson>(_server.Http, "/api/v1/features/chat/releases/r1/render", new { variables = new { name = "Ann <ann@example.com> & co" } });
        var missing = await PostProblemAsync(_server.Http, "/api/v1/features/chat/releases/r2/render", new { variables = new { } });
        var noBody = await PostRawAsync(_server.Http, "/api/v1/features/chat/releases/r2/render", "{}");

        Assert.Equal(("r1", "v1", "Hello Ann <ann@example.com> & co"), (rendered.ReleaseId, rendered.PromptVersion, rendered.Text));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal(["variables.name", "variables.topic"], missing.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["variables.name", "variables.topic"], noBody.Errors.Keys.Order(StringComparer.Ordinal));
    }

    private sealed record KeyRow(string Id);
}
