using System.Text.Json;
using Vigil.Core;

namespace Vigil.Server.Api;

/// <summary>
/// How the REST API reads JSON bodies and answers with services' outcomes: 400 with a problem naming
/// each field, 404, 409 and 415, the same way on every endpoint.
/// </summary>
internal static class ApiResults
{
    /// <summary>
    /// The JSON body; a 400 naming the problem (and where it is) when it is missing or malformed, a 415
    /// when it is not declared JSON (so that no browser form can post one to a loopback server).
    /// </summary>
    public static async Task<(T? Request, IResult? Problem)> ReadJsonAsync<T>(HttpContext context, JsonSerializerOptions options)
        where T : class
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, UnsupportedMediaType($"send the body as application/json (got '{context.Request.ContentType}')"));
        }

        if (context.Request.ContentLength == 0)
        {
            return (null, Invalid("body", "a JSON object is required; the body is empty"));
        }

        try
        {
            var request = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, options, context.RequestAborted);
            return request is null ? (null, Invalid("body", "a JSON object is required")) : (request, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path ? path[2..] : "body";
            var message = ex.Message.Split(" Path: ", 2)[0];
            return (null, Invalid(field, message));
        }
    }

    public static IResult UnsupportedMediaType(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Content-Type: " + detail);

    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>200 with the value, or the refusal as 400 (messages "field: problem" grouped by field), 404 or 409.</summary>
    public static IResult Answer<T>(Outcome<T> outcome, string fallbackField) => outcome.Error switch
    {
        null => Results.Ok(outcome.Value),
        var e => Refused(e, fallbackField),
    };

    public static IResult Refused(Refusal refusal, string fallbackField) => refusal.Kind switch
    {
        RefusalKind.Invalid => Results.ValidationProblem(ByField(refusal.Messages, fallbackField)),
        RefusalKind.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: string.Join("; ", refusal.Messages)),
        _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: string.Join("; ", refusal.Messages)),
    };

    /// <summary>Messages worded "field: problem" grouped by field; a message without a field goes under <paramref name="fallbackField"/>.</summary>
    public static Dictionary<string, string[]> ByField(IEnumerable<string> messages, string fallbackField)
    {
        var byField = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var colon = message.IndexOf(": ", StringComparison.Ordinal);
            var isField = colon > 0 && !message.AsSpan(0, colon).ContainsAny(' ', '\'');
            var field = isField ? message[..colon] : fallbackField;
            var text = isField ? message[(colon + 2)..] : message;
            if (!byField.TryGetValue(field, out var list))
            {
                byField[field] = list = [];
            }

            list.Add(text);
        }

        return byField.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }
}
