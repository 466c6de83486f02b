using Vigil.Core.Ports;
using Vigil.Core.Projects;
using Vigil.Core.Releases;
using Vigil.Server.Api;
using Vigil.Server.Auth;

namespace Vigil.Server.Releases;

/// <summary>Releases of features: list, create, activate, roll back, diff, deploy markers, audit log, prompt rendering.</summary>
internal static class ReleaseEndpoints
{
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(400);

    public static void MapReleaseApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/features", ListFeaturesAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("Features with releases, each with its active release");
        api.MapGet("/features/{feature}/releases", ListReleasesAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("A feature's releases, oldest first, and which is active");
        api.MapGet("/features/{feature}/releases/{id}", GetReleaseAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("One release: model, prompt, index, routing");
        api.MapPost("/features/{feature}/releases", CreateAsync).RequireScope(ApiKeyScope.Operate)
            .WithSummary("Create a release (and activate it with activate: true)");
        api.MapPost("/features/{feature}/releases/{id}/activate", ActivateAsync).RequireScope(ApiKeyScope.Operate)
            .WithSummary("Make a release the active one: a deploy marker and an audit entry");
        api.MapPost("/features/{feature}/rollback", RollbackAsync).RequireScope(ApiKeyScope.Operate)
            .WithSummary("Restore some or all axes of an earlier release as a new, active release");
        api.MapGet("/features/{feature}/releases/{a}/diff/{b}", DiffAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("What changed from release a to release b, axis by axis");
        api.MapPost("/features/{feature}/releases/{id}/render", RenderAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("The release's prompt with the given variables filled in");
        api.MapGet("/features/{feature}/deploys", FeatureDeploysAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("A feature's deploy markers (activations) in from..to");
        api.MapGet("/deploys", DeploysAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("Every feature's deploy markers (activations) in from..to");
        api.MapGet("/audit", AuditAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("The release audit log, newest first: ?feature=&limit=");
    }

    private static async Task<IResult> ListFeaturesAsync(HttpContext context, ReleaseService releases) =>
        Results.Ok(await releases.ListFeaturesAsync(Caller.Of(context).ProjectId, context.RequestAborted));

    private static async Task<IResult> ListReleasesAsync(string feature, HttpContext context, ReleaseService releases) =>
        ApiResults.Answer(await releases.ListReleasesAsync(Caller.Of(context).ProjectId, feature, context.RequestAborted), "feature");

    private static async Task<IResult> GetReleaseAsync(string feature, string id, HttpContext context, ReleaseService releases) =>
        ApiResults.Answer(await releases.GetReleaseAsync(Caller.Of(context).ProjectId, feature, id, context.RequestAborted), "id");

    private static async Task<IResult> CreateAsync(string feature, HttpContext context, ReleaseService releases, IControlStateStore control)
    {
        var (request, bad) = await ApiResults.ReadJsonAsync<CreateReleaseRequest>(context, ReleaseRequests.JsonOptions);
        if (request is null)
        {
            return bad!;
        }

        var outcome = await releases.CreateAsync(Caller.Of(context).ProjectId, feature, request, await Actors.OfAsync(context, control), context.RequestAborted);
        return outcome.Value is { } made
            ? Results.Created($"/api/v1/features/{feature}/releases/{made.Release.Id}", made)
            : ApiResults.Answer(outcome, "body");
    }

    private static async Task<IResult> ActivateAsync(string feature, string id, HttpContext context, ReleaseService releases, IControlStateStore control)
    {
        var (request, bad) = await ApiResults.ReadJsonAsync<ActivateRequest>(context, ReleaseRequests.JsonOptions);
        return request is null
            ? bad!
            : ApiResults.Answer(await releases.ActivateAsync(Caller.Of(context).ProjectId, feature, id, request, await Actors.OfAsync(context, control), context.RequestAborted), "id");
    }

    private static async Task<IResult> RollbackAsync(string feature, HttpContext context, ReleaseService releases, IControlStateStore control)
    {
        var (request, bad) = await ApiResults.ReadJsonAsync<RollbackRequest>(context, ReleaseRequests.JsonOptions);
        if (request is null)
        {
            return bad!;
        }

        var outcome = await releases.RollbackAsync(Caller.Of(context).ProjectId, feature, request, await Actors.OfAsync(context, control), context.RequestAborted);
        return outcome.Value is { } made
            ? Results.Created($"/api/v1/features/{feature}/releases/{made.Release.Id}", made)
            : ApiResults.Answer(outcome, "to");
    }

    private static async Task<IResult> DiffAsync(string feature, string a, string b, HttpContext context, ReleaseService releases) =>
        ApiResults.Answer(await releases.DiffAsync(Caller.Of(context).ProjectId, feature, a, b, context.RequestAborted), "release");

    private static async Task<IResult> RenderAsync(string feature, string id, HttpContext context, ReleaseService releases)
    {
        var (request, bad) = await ApiResults.ReadJsonAsync<RenderRequest>(context, ReleaseRequests.JsonOptions);
        return request is null
            ? bad!
            : ApiResults.Answer(await releases.RenderAsync(Caller.Of(context).ProjectId, feature, id, request, context.RequestAborted), "variables");
    }

    private static Task<IResult> FeatureDeploysAsync(string feature, HttpContext context, ReleaseService releases, TimeProvider time) =>
        DeploysOfAsync(feature, context, releases, time);

    private static Task<IResult> DeploysAsync(HttpContext context, ReleaseService releases, TimeProvider time) =>
        DeploysOfAsync(null, context, releases, time);

    private static async Task<IResult> DeploysOfAsync(string? feature, HttpContext context, ReleaseService releases, TimeProvider time)
    {
        var q = new QueryReader(context.Request.Query, time.GetUtcNow());
        var range = q.Range(TimeSpan.FromDays(30), MaxRange);
        if (q.HasErrors)
        {
            return Results.ValidationProblem(q.Errors);
        }

        return ApiResults.Answer(await releases.ListDeploysAsync(Caller.Of(context).ProjectId, feature, range.From, range.To, context.RequestAborted), "feature");
    }

    private static async Task<IResult> AuditAsync(HttpContext context, ReleaseService releases, TimeProvider time)
    {
        var q = new QueryReader(context.Request.Query, time.GetUtcNow());
        var feature = q.Text("feature");
        var limit = q.Int("limit", 100, 1, 1000);
        if (feature is not null && !FeatureNames.IsValid(feature))
        {
            q.Fail("feature", FeatureNames.Problem(feature));
        }

        return q.HasErrors
            ? Results.ValidationProblem(q.Errors)
            : Results.Ok(await releases.ListAuditAsync(Caller.Of(context).ProjectId, feature, limit, context.RequestAborted));
    }
}
