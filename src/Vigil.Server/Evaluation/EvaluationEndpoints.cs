using Vigil.Server.Evaluation.Feedback;
using Vigil.Server.Evaluation.Scores;

namespace Vigil.Server.Evaluation;

/// <summary>The evaluation API: user feedback in, scores by release out.</summary>
internal static class EvaluationEndpoints
{
    /// <summary>
    /// Maps <c>POST /feedback</c> and <c>GET /evals/scores</c>. Map them on a group with the
    /// read-your-writes filter: feedback looks up a trace that may just have been exported, and scores
    /// include the evaluation events of exports acknowledged before the query.
    /// </summary>
    public static void MapEvaluationApi(this IEndpointRouteBuilder api)
    {
        api.MapFeedbackApi();
        api.MapScoreApi();
    }
}
