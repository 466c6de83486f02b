using Vigil.Core.Alerts;
using Vigil.Core.Projects;
using Vigil.Core.Slos;
using Vigil.Server.Api;
using Vigil.Server.Auth;
using Vigil.Server.Detectors;
using Vigil.Server.Slos;

namespace Vigil.Server.Alerts;

/// <summary>Every alert of the caller's project — SLO burn rates and detector findings in one list (ADR 0006) — and the detectors' latest findings.</summary>
internal static class AlertEndpoints
{
    public static void MapAlertApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/alerts", List).RequireScope(ApiKeyScope.Read)
            .WithSummary("Alerts of SLOs and detectors: pending, firing, and resolved in the last 24 hours");
        api.MapGet("/detectors", Detectors).RequireScope(ApiKeyScope.Read)
            .WithSummary("Each detector's latest run and findings (ok, alert, insufficient data)");
    }

    private static IResult List(HttpContext context, SloEngine slos, DetectorEngine detectors, TimeProvider time)
    {
        var project = Caller.Of(context).ProjectId;
        var q = new QueryReader(context.Request.Query, time.GetUtcNow());
        var state = q.Enum<AlertState>("state");
        var source = q.Enum<AlertSource>("source");
        var severity = q.Text("severity");
        if (severity is not (null or BurnWindowPair.Page or BurnWindowPair.Ticket))
        {
            q.Fail("severity", $"'{severity}' is not one of page, ticket");
        }

        var slo = q.Text("slo");
        var incidentClass = q.Text("class");
        var feature = q.Text("feature");
        if (q.HasErrors)
        {
            return Results.ValidationProblem(q.Errors);
        }

        var alerts = AlertList.Of(project, slos, detectors)
            .Where(a => (state is null || a.State == state) && (source is null || a.Source == source) && (severity is null || a.Severity == severity)
                && (slo is null || (a.Source == AlertSource.Slo && a.Rule == slo)) && (incidentClass is null || a.Class == incidentClass)
                && (feature is null || a.Feature == feature))
            .Select(AlertEnvelopeJson.From)
            .ToList();
        return Results.Ok(new AlertEnvelopeListJson(alerts));
    }

    private static IResult Detectors(HttpContext context, DetectorEngine detectors)
    {
        var project = Caller.Of(context).ProjectId;
        var checks = detectors.CheckStatus.Where(c => c.Project == project).Select(DetectorRunJson.From).ToList();
        return Results.Ok(new DetectorListJson(detectors.LastEvaluatedAt, [.. detectors.Checks.Select(c => c.Name)], checks));
    }
}
