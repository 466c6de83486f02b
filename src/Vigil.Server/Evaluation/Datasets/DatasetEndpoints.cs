using System.Text;
using Vigil.Core.Ports;
using Vigil.Core.Projects;
using Vigil.Server.Api;
using Vigil.Server.Auth;

namespace Vigil.Server.Evaluation.Datasets;

/// <summary>Evaluation datasets: list, versions, export as JSONL, import JSONL, add production traces.</summary>
internal static class DatasetEndpoints
{
    /// <summary>Media types a JSONL body may be declared as.</summary>
    private static readonly string[] JsonlTypes = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines", "text/plain"];

    public static void MapDatasetApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/datasets", ListAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("Every dataset with its latest version");
        api.MapGet("/datasets/{name}", VersionsAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("A dataset's versions, oldest first");
        api.MapGet("/datasets/{name}/items", ExportAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("A version's items as JSONL (?version=, default the latest)");
        api.MapPost("/datasets/{name}/versions", ImportAsync).RequireScope(ApiKeyScope.Operate)
            .WithSummary("Import JSONL as a new version (?mode=replace|append&note=)");
        api.MapPost("/datasets/{name}/traces", AddTracesAsync).RequireScope(ApiKeyScope.Operate)
            .WithSummary("Add production traces to a dataset as items (a new version)");
    }

    private static async Task<IResult> ListAsync(HttpContext context, DatasetService datasets) =>
        Results.Ok(await datasets.ListAsync(Caller.Of(context).ProjectId, context.RequestAborted));

    private static async Task<IResult> VersionsAsync(string name, HttpContext context, DatasetService datasets) =>
        ApiResults.Answer(await datasets.VersionsAsync(Caller.Of(context).ProjectId, name, context.RequestAborted), "name");

    private static async Task<IResult> ExportAsync(string name, HttpContext context, DatasetService datasets, TimeProvider time)
    {
        var q = new QueryReader(context.Request.Query, time.GetUtcNow());
        var version = q.Int("version", 0, 0, int.MaxValue);
        if (q.HasErrors)
        {
            return Results.ValidationProblem(q.Errors);
        }

        var reference = version == 0 ? name : Core.Evals.DatasetRef.Format(name, version);
        var found = await datasets.GetAsync(Caller.Of(context).ProjectId, reference, context.RequestAborted);
        if (found.Value is not { } content)
        {
            return ApiResults.Refused(found.Error!, "name");
        }

        context.Response.Headers["X-Vigil-Dataset-Version"] = content.Version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Text(Core.Evals.DatasetJsonl.Format(content.Items), "application/x-ndjson", Encoding.UTF8);
    }

    private static async Task<IResult> ImportAsync(string name, HttpContext context, DatasetService datasets, IControlStateStore control, TimeProvider time)
    {
        var mediaType = context.Request.ContentType?.Split(';', 2)[0].Trim();
        if (mediaType is null || !JsonlTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return ApiResults.UnsupportedMediaType($"send JSONL as one of {string.Join(", ", JsonlTypes)} (got '{context.Request.ContentType}')");
        }

        var q = new QueryReader(context.Request.Query, time.GetUtcNow());
        var mode = q.Enum<DatasetImportMode>("mode") ?? DatasetImportMode.Replace;
        var note = q.Text("note");
        if (note is { Length: > 1000 })
        {
            q.Fail("note", $"has {note.Length} characters; at most 1000");
        }

        if (q.HasErrors)
        {
            return Results.ValidationProblem(q.Errors);
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var outcome = await datasets.ImportAsync(Caller.Of(context).ProjectId, name, body, mode, note, await Actors.OfAsync(context, control), context.RequestAborted);
        return Created(name, outcome);
    }

    private static async Task<IResult> AddTracesAsync(string name, HttpContext context, DatasetService datasets, IControlStateStore control)
    {
        var (request, bad) = await ApiResults.ReadJsonAsync<AddTracesRequest>(context, ApiJson.Options);
        if (request is null)
        {
            return bad!;
        }

        if (request.Expected is not (null or "output" or "none"))
        {
            return ApiResults.Invalid("expected", $"'{request.Expected}' is not one of output, none");
        }

        var outcome = await datasets.AddTracesAsync(
            Caller.Of(context).ProjectId, name, request.TraceIds ?? [], request.Expected == "output", request.Note, await Actors.OfAsync(context, control), context.RequestAborted);
        return Created(name, outcome);
    }

    private static IResult Created(string name, Core.Outcome<DatasetChangeJson> outcome) => outcome.Value switch
    {
        null => ApiResults.Refused(outcome.Error!, "body"),
        { Unchanged: true } same => Results.Ok(same),
        var made => Results.Created($"/api/v1/datasets/{name}/items?version={made.Version.Version}", made),
    };
}

/// <summary>Body of <c>POST /api/v1/datasets/{name}/traces</c>.</summary>
/// <param name="Expected">"output": the trace's answer becomes the item's expected output; "none" (default): no expected output.</param>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record AddTracesRequest(IReadOnlyList<string>? TraceIds, string? Expected, string? Note);
