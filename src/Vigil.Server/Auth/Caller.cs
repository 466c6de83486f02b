using Vigil.Core.Projects;

namespace Vigil.Server.Auth;

/// <summary>Who is calling: the project every read and write is scoped to, and what the caller may do.</summary>
public sealed record Caller(string ProjectId, ApiKeyScope Scopes, string? KeyId)
{
    private const string ItemKey = "vigil.caller";

    public bool Allows(ApiKeyScope scope) => Scopes.Grants(scope);

    public static Caller Anonymous(string projectId) =>
        new(projectId, ApiKeyScope.Ingest | ApiKeyScope.Read | ApiKeyScope.Operate | ApiKeyScope.Admin, null);

    internal void AttachTo(HttpContext context) => context.Items[ItemKey] = this;

    /// <summary>The caller the auth middleware attached; endpoints that require a scope always have one.</summary>
    public static Caller Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) && value is Caller caller
            ? caller
            : throw new InvalidOperationException("no caller on this request: the endpoint lacks a RequireScope");
}

/// <summary>Endpoint metadata: the scope a caller needs.</summary>
public sealed record RequiredScope(ApiKeyScope Scope);

public static class RequiredScopeExtensions
{
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, ApiKeyScope scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredScope(scope));
}
