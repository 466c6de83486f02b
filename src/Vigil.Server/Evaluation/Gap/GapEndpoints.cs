using Vigil.Core.Projects;
using Vigil.Core.Releases;
using Vigil.Evals.Gap;
using Vigil.Server.Api;
using Vigil.Server.Auth;

namespace Vigil.Server.Evaluation.Gap;

/// <summary><c>GET /api/v1/evals/gap</c>: online against offline scores, and the production inputs a dataset misses.</summary>
internal static class GapEndpoints
{
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(31);

    public static void MapGapApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/evals/gap", AnalyzeAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("The eval-to-production gap: ?feature=&dataset=&from=&to=&sample=&missDistance=&clusterRadius=");

    private static async Task<IResult> AnalyzeAsync(HttpContext context, GapService gap, TimeProvider time)
    {
        var q = new QueryReader(context.Request.Query, time.GetUtcNow());
        var feature = q.Text("feature");
        var dataset = q.Text("dataset");
        var range = q.Range(TimeSpan.FromDays(1), MaxRange);
        var sample = q.Int("sample", 300, 1, GapService.MaxSample);
        var defaults = new CoverageOptions();
        var miss = q.Double("missDistance") ?? defaults.MissDistance;
        var radius = q.Double("clusterRadius") ?? defaults.ClusterRadius;
        if (feature is null)
        {
            q.Fail("feature", "required: the feature whose traffic is compared");
        }
        else if (!FeatureNames.IsValid(feature))
        {
            q.Fail("feature", FeatureNames.Problem(feature));
        }

        if (dataset is null)
        {
            q.Fail("dataset", "required: NAME or NAME@VERSION");
        }

        if (miss is <= 0 or >= 2)
        {
            q.Fail("missDistance", "must be a cosine distance between 0 and 2 (exclusive), e.g. 0.5");
        }

        if (radius is <= 0 or >= 2)
        {
            q.Fail("clusterRadius", "must be a cosine distance between 0 and 2 (exclusive), e.g. 0.45");
        }

        if (q.HasErrors)
        {
            return Results.ValidationProblem(q.Errors);
        }

        var request = new GapRequest(Caller.Of(context).ProjectId, feature!, dataset!, range, sample, defaults with { MissDistance = miss, ClusterRadius = radius });
        return ApiResults.Answer(await gap.AnalyzeAsync(request, context.RequestAborted), "dataset");
    }
}
