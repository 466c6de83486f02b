using Vigil.Core.Ports;
using Vigil.Core.Projects;
using Vigil.Core.Queries;
using Vigil.Server.Api;
using Vigil.Server.Auth;

namespace Vigil.Server.Evaluation.Scores;

/// <summary>
/// <c>GET /api/v1/evals/scores</c>: a feature's evaluation scores over time, one series per (evaluation
/// name, release), from every source or one (online, feedback, otlp). Parameters are read like the
/// stats endpoint's: a range (default the last day, at most 400 days), a step of whole minutes
/// (default about 100 buckets over the range).
/// </summary>
internal static class ScoreEndpoints
{
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(400);
    private const long MaxBuckets = 50_000;

    public static void MapScoreApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/evals/scores", GetAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("A feature's evaluation scores by release over time: count, mean score and pass share per bucket");

    private static async Task<IResult> GetAsync(HttpContext context, ITelemetryStore store, TimeProvider time)
    {
        var q = new QueryReader(context.Request.Query, time.GetUtcNow());
        var feature = q.Text("feature");
        if (feature is null && !q.Errors.ContainsKey("feature"))
        {
            q.Fail("feature", "required: the feature whose scores to read");
        }

        var range = q.Range(TimeSpan.FromDays(1), MaxRange);
        var step = q.Duration("step") ?? TelemetryEndpoints.DefaultStep(range.Length);
        if (step.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            q.Fail("step", "must be whole minutes, at least 1m (e.g. 1m, 5m, 1h, 1d)");
        }
        else if (range.Length.Ticks / step.Ticks > MaxBuckets)
        {
            q.Fail("step", $"gives more than {MaxBuckets:N0} buckets over the range; use a larger step");
        }

        var query = new EvaluationSeriesQuery
        {
            ProjectId = Caller.Of(context).ProjectId,
            Feature = feature ?? "",
            Name = q.Text("name"),
            Source = q.Enum<EvaluationSourceKind>("source") ?? EvaluationSourceKind.Any,
            Range = range,
            Step = step,
        };
        if (q.HasErrors)
        {
            return Results.ValidationProblem(q.Errors);
        }

        return Results.Ok(await store.GetEvaluationSeriesAsync(query, context.RequestAborted));
    }
}
