using Vigil.Ingest.Pipeline;

namespace Vigil.Server.Api;

/// <summary>
/// Before a telemetry query runs, waits (at most <c>queue.readYourWritesWait</c>) until every export
/// acknowledged before the query arrived is in the store — so that a client that exported and then
/// reads sees its data, although acknowledgement comes from the journal, ahead of the store. When the
/// wait runs out (the store is failing) the query answers from what is there and says so in the
/// <c>Vigil-Stale</c> header.
/// </summary>
internal sealed class ReadYourWritesFilter(TelemetryWriteQueue queue) : IEndpointFilter
{
    public const string StaleHeader = "Vigil-Stale";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var wait = queue.Options.ReadYourWritesWait;
        if (queue.IsJournaled && wait > TimeSpan.Zero)
        {
            var http = context.HttpContext;
            if (!await queue.WaitForAcknowledgedAsync(wait, http.RequestAborted))
            {
                http.Response.Headers[StaleHeader] = $"exports acknowledged before this query were not all in the store after {wait.TotalSeconds:0.###} s ({queue.Depth} items waiting)";
            }
        }

        return await next(context);
    }
}
