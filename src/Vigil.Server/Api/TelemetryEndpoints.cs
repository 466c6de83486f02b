using Vigil.Core.Ports;
using Vigil.Core.Projects;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Server.Auth;

namespace Vigil.Server.Api;

/// <summary>The read side of telemetry: trace search, one trace, stats series and costs.</summary>
internal static class TelemetryEndpoints
{
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(400);

    public static void MapTelemetryApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/traces", SearchAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("Search traces (newest first, cursor paging)");
        api.MapGet("/traces/{traceId}", GetAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("One trace as a span tree with per-stage timing");
        api.MapGet("/stats", StatsAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("Time series of count, errors, tokens, cost and latency quantiles");
        api.MapGet("/costs", CostsAsync).RequireScope(ApiKeyScope.Read)
            .WithSummary("Spend by feature and team, with the unpriced share");
    }

    private static async Task<IResult> SearchAsync(HttpContext context, ITelemetryStore store, TimeProvider time)
    {
        var q = new QueryReader(context.Request.Query, time.GetUtcNow());
        var query = new TraceQuery
        {
            ProjectId = Caller.Of(context).ProjectId,
            Range = q.Range(TimeSpan.FromHours(1), MaxRange),
            Filter = q.Filter(),
            Status = q.Enum<SpanStatus>("status"),
            MinCost = q.Double("minCost") is { } cost ? (decimal)cost : null,
            MinDurationMs = q.Double("minLatencyMs"),
            Limit = q.Int("limit", 50, 1, 1000),
            Cursor = q.Text("cursor"),
        };
        if (q.HasErrors)
        {
            return Results.ValidationProblem(q.Errors);
        }

        try
        {
            return Results.Ok(await store.SearchTracesAsync(query, context.RequestAborted));
        }
        catch (ArgumentException ex) when (ex.ParamName is "cursor" or "Cursor")
        {
            q.Fail("cursor", "not a cursor from a previous page");
            return Results.ValidationProblem(q.Errors);
        }
    }

    private static async Task<IResult> GetAsync(string traceId, HttpContext context, ITelemetryStore store)
    {
        var id = traceId.ToLowerInvariant();
        if (id.Length != 32 || !id.All(char.IsAsciiHexDigitLower))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["traceId"] = ["must be 32 hex characters"] });
        }

        var trace = await store.GetTraceAsync(Caller.Of(context).ProjectId, id, context.RequestAborted);
        return trace is null ? Results.Problem(detail: $"trace {id} not found", statusCode: StatusCodes.Status404NotFound) : Results.Ok(trace);
    }

    private static async Task<IResult> StatsAsync(HttpContext context, ITelemetryStore store, TimeProvider time)
    {
        var q = new QueryReader(context.Request.Query, time.GetUtcNow());
        var range = q.Range(TimeSpan.FromHours(24), MaxRange);
        var step = q.Duration("step") ?? DefaultStep(range.Length);
        if (step.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            q.Fail("step", "must be whole minutes (the rollup resolution), e.g. 1m, 5m, 1h, 1d");
        }
        else if (range.Length.Ticks / step.Ticks > 50_000)
        {
            q.Fail("step", $"gives more than 50,000 buckets over the range; use a larger step");
        }

        var query = new StatsQuery
        {
            ProjectId = Caller.Of(context).ProjectId,
            Range = range,
            Step = step,
            GroupBy = q.Enum<GroupBy>("groupBy") ?? GroupBy.None,
            Filter = q.Filter(),
        };
        if (q.HasErrors)
        {
            return Results.ValidationProblem(q.Errors);
        }

        // The same JSON as Results.Ok would write, faster (a month of hourly points is megabytes).
        return StatsJson.Ok(await store.GetStatsAsync(query, context.RequestAborted));
    }

    private static async Task<IResult> CostsAsync(HttpContext context, ITelemetryStore store, TimeProvider time)
    {
        var q = new QueryReader(context.Request.Query, time.GetUtcNow());
        var query = new CostQuery
        {
            ProjectId = Caller.Of(context).ProjectId,
            Range = q.Range(TimeSpan.FromDays(1), MaxRange),
            Filter = q.Filter(),
        };
        if (q.HasErrors)
        {
            return Results.ValidationProblem(q.Errors);
        }

        return Results.Ok(await store.GetCostsAsync(query, context.RequestAborted));
    }

    /// <summary>About 100 buckets over the range, rounded to a whole number of minutes.</summary>
    internal static TimeSpan DefaultStep(TimeSpan range)
    {
        var minutes = Math.Max(1, (long)Math.Ceiling(range.TotalMinutes / 100));
        return TimeSpan.FromMinutes(minutes);
    }
}
