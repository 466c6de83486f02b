using Vigil.Ingest.Pipeline;

namespace Vigil.Server.Health;

/// <summary>
/// <c>/healthz</c>: the process serves. <c>/readyz</c>: it can take telemetry now — 503 while the
/// write queue is at least 90 % full, so that a load balancer sends exports elsewhere first.
/// </summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n")).ExcludeFromDescription();
        app.MapGet("/readyz", (TelemetryWriteQueue queue) =>
        {
            return queue.IsNearlyFull
                ? Results.Text($"not ready: write queue {queue.Depth}/{queue.Options.Capacity}\n", statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Text("ready\n");
        }).ExcludeFromDescription();
    }
}
