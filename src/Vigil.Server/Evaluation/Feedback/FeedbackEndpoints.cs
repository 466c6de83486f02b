using System.Text.Json;
using Vigil.Core.Ports;
using Vigil.Core.Projects;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Ingest;
using Vigil.Server.Auth;

namespace Vigil.Server.Evaluation.Feedback;

/// <summary>
/// <c>POST /api/v1/feedback</c>: a user's verdict on a response, stored as an evaluation of its trace
/// (source <c>feedback</c>) with the feature and release of the trace's root span and the server's
/// time. The application sends it with the key it exports telemetry with (scope <c>ingest</c>). The
/// result is committed to the store before the 201 (one transaction of its own, like online
/// evaluation's results), so acknowledged feedback survives a crash; it is not deduplicated.
/// </summary>
internal static class FeedbackEndpoints
{
    /// <summary>Largest body read: the fields' own limits (a 4 KiB comment) fit many times over.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static void MapFeedbackApi(this IEndpointRouteBuilder api) =>
        api.MapPost("/feedback", PostAsync).RequireScope(ApiKeyScope.Ingest)
            .WithSummary("Record a user's feedback on a traced response (a score in [0, 1] and/or a label, a comment)");

    private static async Task<IResult> PostAsync(HttpContext context, ITelemetryStore store, TimeProvider time, IngestLimits limits)
    {
        var (body, problem) = await ReadBodyAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        using var document = body!;
        var request = FeedbackRequest.Parse(document.RootElement, errors);
        if (request is null)
        {
            return Results.ValidationProblem(errors);
        }

        var projectId = Caller.Of(context).ProjectId;
        var trace = await store.GetTraceAsync(projectId, request.TraceId, context.RequestAborted);
        if (trace is null)
        {
            return NotFound($"trace {request.TraceId} not found in project '{projectId}' (export the trace before its feedback)");
        }

        if (request.SpanId is { } spanId && !Flatten(trace.Roots).Any(s => s.SpanId == spanId))
        {
            return NotFound($"span {spanId} not found in trace {request.TraceId}");
        }

        var root = (trace.Roots.FirstOrDefault(n => n.Span.ParentSpanId is null) ?? trace.Roots[0]).Span;
        var evaluation = new EvaluationResult
        {
            ProjectId = projectId,
            TraceId = request.TraceId,
            SpanId = request.SpanId ?? root.SpanId,
            Name = request.Name,
            ScoreValue = request.Score,
            ScoreLabel = request.Label,
            Explanation = limits.StoreContent ? request.Comment : null,
            ResponseId = request.ResponseId,
            Source = EvaluationResult.FeedbackSource,
            TimeUnixNano = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100,
            Feature = root.Feature,
            Release = root.Release,
        };
        await store.AppendAsync(new TelemetryBatch { Evaluations = [evaluation] }, context.RequestAborted);
        return Results.Created($"/api/v1/traces/{request.TraceId}", evaluation);
    }

    /// <summary>The body as JSON, or the problem answer: 415 when not declared JSON, 413 over <see cref="MaxBodyBytes"/>, 400 when empty or not JSON.</summary>
    private static async Task<(JsonDocument? Body, IResult? Problem)> ReadBodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: $"Content-Type: send the body as application/json (got '{request.ContentType}')"));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, Invalid("body", "a JSON object is required; the body is empty"));
        }

        try
        {
            return (JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)), null);
        }
        catch (JsonException ex)
        {
            return (null, Invalid("body", $"not JSON: {ex.Message}"));
        }
    }

    private static IEnumerable<Span> Flatten(IEnumerable<SpanNode> nodes) => nodes.SelectMany(n => Flatten(n.Children).Prepend(n.Span));

    private static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    private static IResult TooLarge() =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
            detail: $"body: feedback bodies may be at most {MaxBodyBytes / 1024} KiB");

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
