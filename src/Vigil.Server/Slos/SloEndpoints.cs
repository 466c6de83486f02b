using Vigil.Core.Projects;
using Vigil.Server.Auth;

namespace Vigil.Server.Slos;

/// <summary>SLO status and alerts, as of the latest evaluation, scoped to the caller's project.</summary>
internal static class SloEndpoints
{
    public static void MapSloApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/slos", List).RequireScope(ApiKeyScope.Read)
            .WithSummary("Every SLO: SLI now, budget remaining, burn rate, alert state");
        api.MapGet("/slos/{name}", Get).RequireScope(ApiKeyScope.Read)
            .WithSummary("One SLO: burn rate per window, time to exhaustion, its alert pairs and alerts");
    }

    private static IResult List(HttpContext context, SloEngine engine)
    {
        var project = Caller.Of(context).ProjectId;
        var slos = engine.Statuses.Where(s => s.Definition.Project == project).Select(SloSummaryJson.From).ToList();
        return Results.Ok(new SloListJson(engine.Ready, engine.LastEvaluatedAt, slos));
    }

    private static IResult Get(string name, HttpContext context, SloEngine engine)
    {
        var project = Caller.Of(context).ProjectId;
        if (!engine.Runtimes.Any(r => r.Definition.Project == project && r.Definition.Name == name))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown SLO", detail: $"no SLO named '{name}' in project '{project}'");
        }

        return engine.Find(project, name) is { } status
            ? Results.Ok(SloDetailJson.From(status))
            : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not evaluated yet", detail: "SLO evaluation has not run yet; retry after the first interval");
    }
}
