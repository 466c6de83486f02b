using System.Globalization;
using Vigil.Core.Ports;
using Vigil.Core.Pricing;
using Vigil.Core.Projects;
using Vigil.Ingest.Pricing;
using Vigil.Server.Auth;

namespace Vigil.Server.Api;

/// <summary>Prices and API keys.</summary>
internal static class AdminEndpoints
{
    public static void MapAdminApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/prices", ListPrices).RequireScope(ApiKeyScope.Read)
            .WithSummary("The price catalog in force (built-in, imported, configured)");
        api.MapPost("/prices/import", ImportPricesAsync).RequireScope(ApiKeyScope.Admin)
            .WithSummary("Import a LiteLLM price table (JSON body); ?effectiveFrom=2026-01-01&source=name");
        api.MapPost("/keys", CreateKeyAsync).RequireScope(ApiKeyScope.Admin)
            .WithSummary("Create an API key in the caller's project; the secret is returned once");
        api.MapGet("/keys", ListKeysAsync).RequireScope(ApiKeyScope.Admin)
            .WithSummary("The caller's project's keys (never their secrets)");
        api.MapDelete("/keys/{id}", RevokeKeyAsync).RequireScope(ApiKeyScope.Admin)
            .WithSummary("Revoke a key of the caller's project");
    }

    private static IResult ListPrices(PriceBook book, string? model)
    {
        IEnumerable<ModelPrice> prices = book.Current.Prices;
        if (!string.IsNullOrEmpty(model))
        {
            var canonical = ModelNames.Canonical(model);
            prices = prices.Where(p => p.Model.Contains(canonical, StringComparison.Ordinal));
        }

        return Results.Ok(prices.OrderBy(p => p.Model, StringComparer.Ordinal).ThenBy(p => p.EffectiveFrom).ToList());
    }

    private static async Task<IResult> ImportPricesAsync(HttpContext context, PriceRegistry registry, TimeProvider time)
    {
        var q = new QueryReader(context.Request.Query, time.GetUtcNow());
        var effectiveFrom = q.Time("effectiveFrom") ?? time.GetUtcNow();
        var source = q.Text("source") ?? "api";
        if (q.HasErrors)
        {
            return Results.ValidationProblem(q.Errors);
        }

        using var reader = new StreamReader(context.Request.Body);
        var json = await reader.ReadToEndAsync(context.RequestAborted);
        try
        {
            var summary = await registry.ImportLiteLlmAsync(json, "import:" + source, effectiveFrom, context.RequestAborted);
            return Results.Ok(summary);
        }
        catch (PriceImportException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [ex.Message] });
        }
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext context, CreateKeyRequest request, IControlStateStore store, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            errors["name"] = ["required, at most 100 characters"];
        }

        if (!ApiKeySecrets.TryParseScopes(request.Scopes ?? string.Empty, out var scopes, out var scopeError))
        {
            errors["scopes"] = [scopeError!];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var (key, secret) = ApiKeySecrets.Create(Caller.Of(context).ProjectId, request.Name!, scopes, time.GetUtcNow());
        await store.SaveApiKeyAsync(key, context.RequestAborted);
        return Results.Created($"/api/v1/keys/{key.Id}", new CreatedKey(key.Id, key.ProjectId, key.Name, ApiKeySecrets.FormatScopes(key.Scopes), secret));
    }

    private static async Task<IResult> ListKeysAsync(HttpContext context, IControlStateStore store)
    {
        var keys = await store.ListApiKeysAsync(Caller.Of(context).ProjectId, context.RequestAborted);
        return Results.Ok(keys.Select(k => new KeyView(k.Id, k.ProjectId, k.Name, ApiKeySecrets.FormatScopes(k.Scopes),
            k.CreatedAt.ToString("O", CultureInfo.InvariantCulture), k.RevokedAt?.ToString("O", CultureInfo.InvariantCulture))).ToList());
    }

    private static async Task<IResult> RevokeKeyAsync(string id, HttpContext context, IControlStateStore store, ApiKeyAuthenticator authenticator, TimeProvider time)
    {
        var project = Caller.Of(context).ProjectId;
        var keys = await store.ListApiKeysAsync(project, context.RequestAborted);
        if (!keys.Any(k => k.Id == id))
        {
            return Results.Problem(detail: $"no key '{id}' in project '{project}'", statusCode: StatusCodes.Status404NotFound);
        }

        await store.RevokeApiKeyAsync(id, time.GetUtcNow(), context.RequestAborted);
        authenticator.Invalidate();
        return Results.NoContent();
    }

    internal sealed record CreateKeyRequest(string? Name, string? Scopes);

    internal sealed record CreatedKey(string Id, string Project, string Name, string Scopes, string Secret);

    internal sealed record KeyView(string Id, string Project, string Name, string Scopes, string CreatedAt, string? RevokedAt);
}
