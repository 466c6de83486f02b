using System.Net;
using Vigil.Core.Projects;
using Vigil.Server.Releases;
using static Vigil.Server.Tests.Releases.ReleaseHttp;

namespace Vigil.Server.Tests.Releases;

/// <summary>What the release API refuses: 400 naming every bad field, 404 unknown, 409 conflicts, 403 without the scope.</summary>
public sealed class ReleaseRefusalTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    private HttpClient Http => _server.Http;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Create_WithBadFields_Is400NamingEveryOne_AndCreatesNothing()
    {
        var problem = await PostProblemAsync(Http, "/api/v1/features/chat/releases", new
        {
            model = new { provider = "", parameters = new { temperature = new[] { 1 } } },
            prompt = new { version = "v1", template = "Hello {{#if name}}unclosed" },
            index = new { name = "docs" },
            routing = new { primaries = new[] { new { provider = "openai", model = "", weight = -1.0 } } },
            activate = true,
        });

        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        Assert.Equal(
            ["index.version", "model.model", "model.parameters.temperature", "model.provider", "prompt.template", "reason", "routing.primaries[0].model", "routing.primaries[0].weight", "routing.version"],
            problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'if' was closed", problem.Errors["prompt.template"][0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await GetProblemAsync(Http, "/api/v1/features/chat/releases")).Status);
    }

    [Fact]
    public async Task Create_WithABadFeatureName_Is400NamingTheFeature()
    {
        var problem = await PostProblemAsync(Http, "/api/v1/features/no%20spaces/releases", First());

        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        Assert.Contains("feature", problem.Errors.Keys);
    }

    [Theory]
    [InlineData("{", "body")]
    [InlineData("", "body")]
    [InlineData("[]", "body")]
    [InlineData("""{"routing": {"version": "v1", "primaries": [{"provider": "a", "model": "b", "weight": "heavy"}]}}""", "routing.primaries[0].weight")]
    [InlineData("""{"routng": {}}""", "routng")]
    [InlineData("""{"activate": "yes"}""", "activate")]
    public async Task Create_WithMalformedJson_Is400NamingWhere(string body, string field)
    {
        var problem = await PostRawAsync(Http, "/api/v1/features/chat/releases", body);

        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        Assert.Equal([field], problem.Errors.Keys);
    }

    [Fact]
    public async Task Create_WithABodyNotDeclaredJson_Is415()
    {
        using var form = new StringContent("{}", System.Text.Encoding.UTF8, "text/plain");
        using var response = await Http.PostAsync("/api/v1/features/chat/releases", form);

        var problem = await ProblemAsync(response);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, problem.Status);
        Assert.Contains("application/json", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_TakesUnquotedNumbersAsText()
    {
        var made = await SendAsync<ReleaseChangeJson>(Http, "/api/v1/features/chat/releases", new
        {
            model = new { provider = "openai", model = "gpt-4o", parameters = new { temperature = 0.7, stream = true } },
            prompt = new { version = 2, template = "Hi" },
            index = new { name = "docs", version = 1.10m },
            routing = new { version = 3, primaries = new[] { new { provider = "openai", model = "gpt-4o" } } },
        }, HttpStatusCode.Created);

        Assert.Equal(("2", "1.10", "3"), (made.Release.Prompt.Version, made.Release.Index!.Version, made.Release.Routing.Version));
        Assert.Equal(("0.7", "true"), (made.Release.Model.Parameters["temperature"], made.Release.Model.Parameters["stream"]));
        Assert.Equal(1.0, made.Release.Routing.Primaries[0].Weight);
    }

    [Fact]
    public async Task UnknownFeatureOrRelease_Is404()
    {
        await SendAsync<ReleaseChangeJson>(Http, "/api/v1/features/chat/releases", First(), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NotFound, (await GetProblemAsync(Http, "/api/v1/features/nope/releases")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetProblemAsync(Http, "/api/v1/features/nope/deploys")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetProblemAsync(Http, "/api/v1/features/chat/releases/r9")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetProblemAsync(Http, "/api/v1/features/chat/releases/r1/diff/r9")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostProblemAsync(Http, "/api/v1/features/chat/releases/r9/activate", new { reason = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostProblemAsync(Http, "/api/v1/features/chat/releases/r9/render", new { variables = new { } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostProblemAsync(Http, "/api/v1/features/nope/rollback", new { to = "r1", reason = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostProblemAsync(Http, "/api/v1/features/chat/rollback", new { to = "r9", reason = "x" })).Status);
        var badId = await GetProblemAsync(Http, "/api/v1/features/chat/releases/latest");
        Assert.Equal(HttpStatusCode.BadRequest, badId.Status);
        Assert.Contains("release", badId.Errors.Keys);
    }

    [Fact]
    public async Task ActivatingTheActiveRelease_OrRollingBackWithoutAnActiveOne_Is409()
    {
        await SendAsync<ReleaseChangeJson>(Http, "/api/v1/features/chat/releases", First(), HttpStatusCode.Created);
        await SendAsync<ReleaseChangeJson>(Http, "/api/v1/features/search/releases", First(activate: false), HttpStatusCode.Created);

        var again = await PostProblemAsync(Http, "/api/v1/features/chat/releases/r1/activate", new { reason = "again" });
        var noActive = await PostProblemAsync(Http, "/api/v1/features/search/rollback", new { to = "r1", reason = "undo" });

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("already the active release", again.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, noActive.Status);
        Assert.Contains("no active release", noActive.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActivateAndRollback_WithoutReasonOrWithBadAxes_Are400NamingThem()
    {
        await SendAsync<ReleaseChangeJson>(Http, "/api/v1/features/chat/releases", First(), HttpStatusCode.Created);
        await SendAsync<ReleaseChangeJson>(Http, "/api/v1/features/chat/releases", Second(), HttpStatusCode.Created);

        var activate = await PostProblemAsync(Http, "/api/v1/features/chat/releases/r2/activate", new { reason = " " });
        var rollback = await PostProblemAsync(Http, "/api/v1/features/chat/rollback", new { axes = new[] { "prompt", "temperature" } });
        var nothing = await PostProblemAsync(Http, "/api/v1/features/chat/rollback", new { to = "r1", axes = new[] { "prompt" }, reason = "undo" });

        Assert.Equal(["reason"], activate.Errors.Keys);
        Assert.Equal(["axes", "reason", "to"], rollback.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'temperature'", rollback.Errors["axes"][0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, nothing.Status);
        Assert.Contains("nothing to roll back", nothing.Errors["to"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadKey_CanRead_ButCannotCreateActivateOrRollBack()
    {
        await SendAsync<ReleaseChangeJson>(Http, "/api/v1/features/chat/releases", First(), HttpStatusCode.Created);
        await SendAsync<ReleaseChangeJson>(Http, "/api/v1/features/chat/releases", Second(), HttpStatusCode.Created);
        var read = _server.ClientWithKey(await _server.CreateKeyAsync("default", ApiKeyScope.Read));
        var ingest = _server.ClientWithKey(await _server.CreateKeyAsync("default", ApiKeyScope.Ingest));

        var activate = await PostProblemAsync(read, "/api/v1/features/chat/releases/r2/activate", new { reason = "try" });
        var create = await PostProblemAsync(read, "/api/v1/features/chat/releases", Second());
        var rollback = await PostProblemAsync(read, "/api/v1/features/chat/rollback", new { to = "r1", reason = "try" });
        var list = await GetAsync<ReleaseListJson>(read, "/api/v1/features/chat/releases");
        var render = await SendAsync<RenderJson>(read, "/api/v1/features/chat/releases/r1/render", new { variables = new { name = "Ann" } });

        Assert.Equal(HttpStatusCode.Forbidden, activate.Status);
        Assert.Contains("'operate' scope", activate.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, create.Status);
        Assert.Equal(HttpStatusCode.Forbidden, rollback.Status);
        Assert.Equal("r1", list.Active);
        Assert.Equal("Hello Ann", render.Text);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetProblemAsync(ingest, "/api/v1/features")).Status);
    }

    [Fact]
    public async Task Releases_AreScopedToTheCallersProject()
    {
        var alpha = _server.ClientWithKey(await _server.CreateKeyAsync("alpha", ApiKeyScope.Operate | ApiKeyScope.Read));
        var beta = _server.ClientWithKey(await _server.CreateKeyAsync("beta", ApiKeyScope.Operate | ApiKeyScope.Read));
        await SendAsync<ReleaseChangeJson>(alpha, "/api/v1/features/chat/releases", First(), HttpStatusCode.Created);

        Assert.Empty((await GetAsync<FeatureListJson>(beta, "/api/v1/features")).Features);
        Assert.Equal(HttpStatusCode.NotFound, (await GetProblemAsync(beta, "/api/v1/features/chat/releases/r1")).Status);
        Assert.Empty((await GetAsync<AuditListJson>(beta, "/api/v1/audit")).Entries);
        Assert.Single((await GetAsync<AuditListJson>(alpha, "/api/v1/audit?feature=chat&limit=1")).Entries);
    }

    [Fact]
    public async Task AnonymousLoopbackCaller_IsNamedSoInTheAuditLog()
    {
        await SendAsync<ReleaseChangeJson>(Http, "/api/v1/features/chat/releases", First(), HttpStatusCode.Created);

        var entries = (await GetAsync<AuditListJson>(Http, "/api/v1/audit")).Entries;

        Assert.All(entries, e => Assert.Equal("anonymous (loopback)", e.Actor));
        Assert.Equal("first release", entries[0].Reason);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetProblemAsync(Http, "/api/v1/audit?limit=0")).Status);
    }
}
