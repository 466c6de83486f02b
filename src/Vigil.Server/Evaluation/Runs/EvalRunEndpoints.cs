using Vigil.Core.Ports;
using Vigil.Core.Projects;
using Vigil.Core.Releases;
using Vigil.Server.Api;
using Vigil.Server.Auth;

namespace Vigil.Server.Evaluation.Runs;

/// <summary>Offline evaluation runs: start one (it answers when finished), list, read one and its items.</summary>
internal static class EvalRunEndpoints
{
    public static void MapEvalRunApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/evals/runs", RunAsync).RequireScope(ApiKeyScope.Operate)
            .WithSummary("Run a dataset against a release with scorers and a gate; answers 201 with the run when it has finished");
        api.MapGet("/evals/runs", ListAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("Runs, newest first: ?feature=&release=&dataset=&limit=");
        api.MapGet("/evals/runs/{id}", GetAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("One run: summary with confidence intervals and the gate's verdict");
        api.MapGet("/evals/runs/{id}/items", ItemsAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("A run's items: output, error and every scorer's verdict with its explanation");
    }

    private static async Task<IResult> RunAsync(HttpContext context, EvalRunService runs, IControlStateStore control)
    {
        var (request, bad) = await ApiResults.ReadJsonAsync<EvalRunRequest>(context, ApiJson.Options);
        if (request is null)
        {
            return bad!;
        }

        var outcome = await runs.RunAsync(Caller.Of(context).ProjectId, request, await Actors.OfAsync(context, control), context.RequestAborted);
        return outcome.Value is { } made
            ? Results.Created($"/api/v1/evals/runs/{made.Run.Id}", made)
            : ApiResults.Refused(outcome.Error!, "body");
    }

    private static async Task<IResult> ListAsync(HttpContext context, EvalRunService runs, TimeProvider time)
    {
        var q = new QueryReader(context.Request.Query, time.GetUtcNow());
        var feature = q.Text("feature");
        var release = q.Text("release");
        var dataset = q.Text("dataset");
        var limit = q.Int("limit", 50, 1, 1000);
        if (feature is not null && !FeatureNames.IsValid(feature))
        {
            q.Fail("feature", FeatureNames.Problem(feature));
        }

        if (release is not null && !ReleaseIds.TryParse(release, out _))
        {
            q.Fail("release", $"'{release}' is not a release id (r1, r2, …)");
        }

        return q.HasErrors
            ? Results.ValidationProblem(q.Errors)
            : Results.Ok(await runs.ListAsync(Caller.Of(context).ProjectId, new EvalRunFilter(feature, release, dataset), limit, context.RequestAborted));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, EvalRunService runs) =>
        ApiResults.Answer(await runs.GetAsync(Caller.Of(context).ProjectId, id, context.RequestAborted), "id");

    private static async Task<IResult> ItemsAsync(string id, HttpContext context, EvalRunService runs) =>
        ApiResults.Answer(await runs.ItemsAsync(Caller.Of(context).ProjectId, id, context.RequestAborted), "id");
}
