using Grpc.Core;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Vigil.Ingest;
using Vigil.Server.Auth;

namespace Vigil.Server.Otlp;

/// <summary>OTLP/gRPC <c>TraceService/Export</c>: a thin adapter over <see cref="IngestService"/>.</summary>
internal sealed class OtlpTraceGrpcService(IngestService ingest) : TraceService.TraceServiceBase
{
    public override async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        var outcome = await ingest.ExportTracesAsync(request, Caller.Of(context.GetHttpContext()).ProjectId, context.CancellationToken);
        OtlpGrpcStatus.ThrowUnlessAccepted(outcome, context);
        return OtlpResponses.Traces(outcome);
    }
}

/// <summary>OTLP/gRPC <c>MetricsService/Export</c>: a thin adapter over <see cref="IngestService"/>.</summary>
internal sealed class OtlpMetricsGrpcService(IngestService ingest) : MetricsService.MetricsServiceBase
{
    public override async Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        var outcome = await ingest.ExportMetricsAsync(request, Caller.Of(context.GetHttpContext()).ProjectId, context.CancellationToken);
        OtlpGrpcStatus.ThrowUnlessAccepted(outcome, context);
        return OtlpResponses.Metrics(outcome);
    }
}

/// <summary>
/// Outcomes as gRPC statuses. A full queue and a failed commit both answer UNAVAILABLE, which the
/// OTLP specification makes retryable without further details, with the retry delay in the
/// <c>retry-after</c> trailer for people reading traces.
/// </summary>
internal static class OtlpGrpcStatus
{
    public static void ThrowUnlessAccepted(IngestOutcome outcome, ServerCallContext context)
    {
        switch (outcome.Status)
        {
            case IngestStatus.Accepted:
                return;
            case IngestStatus.Invalid:
                throw new RpcException(new Status(StatusCode.InvalidArgument, outcome.Message ?? "nothing in the request was valid"));
            default:
                context.ResponseTrailers.Add("retry-after", OtlpResponses.RetryAfterSeconds(outcome.RetryAfter));
                throw new RpcException(new Status(StatusCode.Unavailable, outcome.Message ?? "try again later"));
        }
    }
}
