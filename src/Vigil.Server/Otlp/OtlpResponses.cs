using System.Globalization;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Vigil.Ingest;

namespace Vigil.Server.Otlp;

/// <summary>The answers both OTLP transports give for an accepted export, and their retry hint.</summary>
internal static class OtlpResponses
{
    /// <summary>Partial success is reported when spans were rejected or the mapper left a warning.</summary>
    public static ExportTraceServiceResponse Traces(IngestOutcome outcome) => new()
    {
        PartialSuccess = outcome.Rejected > 0 || outcome.Message is not null
            ? new ExportTracePartialSuccess { RejectedSpans = outcome.Rejected, ErrorMessage = outcome.Message ?? string.Empty }
            : null,
    };

    public static ExportMetricsServiceResponse Metrics(IngestOutcome outcome) => new()
    {
        PartialSuccess = outcome.Rejected > 0 || outcome.Message is not null
            ? new ExportMetricsPartialSuccess { RejectedDataPoints = outcome.Rejected, ErrorMessage = outcome.Message ?? string.Empty }
            : null,
    };

    /// <summary>Whole seconds, at least 1, as Retry-After and the gRPC <c>retry-after</c> trailer carry them.</summary>
    public static string RetryAfterSeconds(TimeSpan? retryAfter) =>
        Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
