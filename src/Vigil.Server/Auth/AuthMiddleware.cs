using Microsoft.Extensions.Primitives;
using Vigil.Core.Projects;

namespace Vigil.Server.Auth;

/// <summary>
/// Authenticates every endpoint that declares a <see cref="RequiredScope"/>: a bearer token
/// (<c>Authorization: Bearer vk_…</c>, which OTLP exporters send through their headers setting) or an
/// <c>x-api-key</c> header. Without a key the caller is anonymous when the server allows it, in the
/// project named by <c>x-vigil-project</c> (default <c>default</c>). gRPC calls get gRPC statuses.
/// </summary>
internal sealed class AuthMiddleware
{
    public const string ProjectHeader = "x-vigil-project";

    private readonly RequestDelegate _next;
    private readonly ApiKeyAuthenticator _authenticator;
    private readonly AuthPolicy _policy;

    public AuthMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator, AuthPolicy policy)
    {
        _next = next;
        _authenticator = authenticator;
        _policy = policy;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var required = context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>();
        if (required is null)
        {
            await _next(context);
            return;
        }

        var secret = ReadSecret(context.Request);
        Caller caller;
        if (secret is null)
        {
            if (!_policy.AllowAnonymous)
            {
                await DenyAsync(context, StatusCodes.Status401Unauthorized,
                    "an API key is required: send 'Authorization: Bearer <key>' (create one with 'vigil keys create')");
                return;
            }

            var project = context.Request.Headers[ProjectHeader].ToString();
            project = string.IsNullOrEmpty(project) ? ProjectIds.Default : project;
            if (!ProjectIds.IsValid(project))
            {
                await DenyAsync(context, StatusCodes.Status400BadRequest,
                    $"{ProjectHeader}: '{Truncate(project)}' is not a valid project id (lower-case letters, digits, '-' and '_', 1–64 characters)");
                return;
            }

            caller = Caller.Anonymous(project);
        }
        else
        {
            var key = await _authenticator.AuthenticateAsync(secret, context.RequestAborted);
            if (key is null)
            {
                await DenyAsync(context, StatusCodes.Status401Unauthorized, "the API key is unknown or revoked");
                return;
            }

            caller = new Caller(key.ProjectId, key.Scopes, key.Id);
        }

        if (!caller.Allows(required.Scope))
        {
            await DenyAsync(context, StatusCodes.Status403Forbidden,
                $"key {caller.KeyId} of project '{caller.ProjectId}' lacks the '{required.Scope.ToString().ToLowerInvariant()}' scope (it has {ApiKeySecrets.FormatScopes(caller.Scopes)})");
            return;
        }

        caller.AttachTo(context);
        await _next(context);
    }

    private static string? ReadSecret(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        StringValues apiKey = request.Headers["x-api-key"];
        return StringValues.IsNullOrEmpty(apiKey) ? null : apiKey.ToString().Trim();
    }

    private static Task DenyAsync(HttpContext context, int status, string message)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A trailers-only gRPC answer: HTTP 200 with grpc-status in the headers.
            var grpcStatus = status switch
            {
                StatusCodes.Status401Unauthorized => "16", // UNAUTHENTICATED
                StatusCodes.Status403Forbidden => "7", // PERMISSION_DENIED
                _ => "3", // INVALID_ARGUMENT
            };
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = grpcStatus;
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return Task.CompletedTask;
        }

        return Results.Problem(detail: message, statusCode: status).ExecuteAsync(context);
    }

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}

/// <summary>Whether anonymous callers are served (decided at start from the listen addresses and auth.anonymous).</summary>
public sealed record AuthPolicy(bool AllowAnonymous);
