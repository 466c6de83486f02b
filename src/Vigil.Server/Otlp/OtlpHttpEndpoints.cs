using System.Text;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Vigil.Core.Projects;
using Vigil.Ingest;
using Vigil.Ingest.Otlp;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Auth;

namespace Vigil.Server.Otlp;

/// <summary>
/// OTLP/HTTP: <c>POST /v1/traces</c> and <c>POST /v1/metrics</c> in protobuf or JSON, answered in
/// the encoding of the request, as the OTLP specification says. Thin: parse, then hand over to
/// <see cref="IngestService"/>.
/// </summary>
internal static class OtlpHttpEndpoints
{
    public static void MapOtlpHttp(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/traces", ExportTracesAsync).RequireScope(ApiKeyScope.Ingest).ExcludeFromDescription();
        app.MapPost("/v1/metrics", ExportMetricsAsync).RequireScope(ApiKeyScope.Ingest).ExcludeFromDescription();
    }

    private static Task ExportTracesAsync(HttpContext context, IngestService ingest, IngestLimits limits, IngestAdmission admission) =>
        ExportAsync(context, limits, admission,
            bytes => ExportTraceServiceRequest.Parser.ParseFrom(bytes.Span),
            bytes => OtlpJson.ParseTraces(bytes.Span),
            (request, project, protobuf, ct) => ingest.ExportTracesAsync(request, project, ct, protobuf),
            OtlpResponses.Traces);

    private static Task ExportMetricsAsync(HttpContext context, IngestService ingest, IngestLimits limits, IngestAdmission admission) =>
        ExportAsync(context, limits, admission,
            bytes => ExportMetricsServiceRequest.Parser.ParseFrom(bytes.Span),
            bytes => OtlpJson.ParseMetrics(bytes.Span),
            (request, project, protobuf, ct) => ingest.ExportMetricsAsync(request, project, ct, protobuf),
            OtlpResponses.Metrics);

    private static async Task ExportAsync<TRequest, TResponse>(
        HttpContext context,
        IngestLimits limits,
        IngestAdmission admission,
        Func<ReadOnlyMemory<byte>, TRequest> parseProtobuf,
        Func<ReadOnlyMemory<byte>, TRequest> parseJson,
        Func<TRequest, string, ReadOnlyMemory<byte>, CancellationToken, Task<IngestOutcome>> export,
        Func<IngestOutcome, TResponse> respond)
        where TResponse : IMessage
    {
        if (!OtlpBody.TryGetEncoding(context.Request, out var encoding))
        {
            await WriteErrorAsync(context, OtlpEncoding.Json, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{context.Request.ContentType}' is not supported: use application/x-protobuf or application/json");
            return;
        }

        if (context.Request.ContentLength > limits.MaxBodyBytes)
        {
            await WriteErrorAsync(context, encoding, StatusCodes.Status413PayloadTooLarge,
                $"request body of {context.Request.ContentLength} bytes exceeds the limit of {limits.MaxBodyBytes} bytes (ingest.maxBodyBytes)");
            return;
        }

        var reserved = context.Request.ContentLength ?? limits.MaxBodyBytes;
        if (!admission.TryAdmit(reserved, out var refusal))
        {
            context.Response.Headers.RetryAfter = OtlpResponses.RetryAfterSeconds(admission.RetryAfter);
            await WriteErrorAsync(context, encoding, StatusCodes.Status429TooManyRequests, refusal!);
            return;
        }

        try
        {
            await ParseAndExportAsync(context, limits, encoding, parseProtobuf, parseJson, export, respond);
        }
        finally
        {
            admission.Release(reserved);
        }
    }

    private static async Task ParseAndExportAsync<TRequest, TResponse>(
        HttpContext context,
        IngestLimits limits,
        OtlpEncoding encoding,
        Func<ReadOnlyMemory<byte>, TRequest> parseProtobuf,
        Func<ReadOnlyMemory<byte>, TRequest> parseJson,
        Func<TRequest, string, ReadOnlyMemory<byte>, CancellationToken, Task<IngestOutcome>> export,
        Func<IngestOutcome, TResponse> respond)
        where TResponse : IMessage
    {
        using var body = await OtlpBody.ReadAsync(context.Request, limits.MaxBodyBytes, context.RequestAborted);
        if (!body.Ok)
        {
            await WriteErrorAsync(context, encoding, body.Status, body.Error!);
            return;
        }

        TRequest request;
        try
        {
            request = encoding == OtlpEncoding.Protobuf ? parseProtobuf(body.Bytes) : parseJson(body.Bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            await WriteErrorAsync(context, encoding, StatusCodes.Status400BadRequest, $"body is not a valid OTLP protobuf message: {ex.Message}");
            return;
        }
        catch (DecoderFallbackException ex)
        {
            await WriteErrorAsync(context, encoding, StatusCodes.Status400BadRequest, $"body has a string field that is not valid UTF-8: {ex.Message}");
            return;
        }
        catch (OtlpFormatException ex)
        {
            await WriteErrorAsync(context, encoding, StatusCodes.Status400BadRequest, $"body is not valid OTLP/JSON: {ex.Message}");
            return;
        }

        // The protobuf bytes go to the journal as they are; a JSON body is journaled as protobuf.
        var protobuf = encoding == OtlpEncoding.Protobuf ? body.Bytes : default;
        var outcome = await export(request, Caller.Of(context).ProjectId, protobuf, context.RequestAborted);
        switch (outcome.Status)
        {
            case IngestStatus.Accepted:
                await WriteMessageAsync(context, encoding, StatusCodes.Status200OK, respond(outcome));
                break;
            case IngestStatus.Invalid:
                await WriteErrorAsync(context, encoding, StatusCodes.Status400BadRequest, outcome.Message ?? "nothing in the request was valid");
                break;
            case IngestStatus.Overloaded or IngestStatus.Unavailable:
                context.Response.Headers.RetryAfter = OtlpResponses.RetryAfterSeconds(outcome.RetryAfter);
                var status = outcome.Status == IngestStatus.Overloaded ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
                await WriteErrorAsync(context, encoding, status, outcome.Message ?? "try again later");
                break;
        }
    }

    private static Task WriteErrorAsync(HttpContext context, OtlpEncoding encoding, int status, string message) =>
        WriteMessageAsync(context, encoding, status, new Google.Rpc.Status { Code = GrpcCodeFor(status), Message = message });

    private static async Task WriteMessageAsync(HttpContext context, OtlpEncoding encoding, int status, IMessage message)
    {
        context.Response.StatusCode = status;
        if (encoding == OtlpEncoding.Protobuf)
        {
            context.Response.ContentType = "application/x-protobuf";
            await context.Response.Body.WriteAsync(message.ToByteArray(), context.RequestAborted);
        }
        else
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonFormatter.Default.Format(message), context.RequestAborted);
        }
    }

    private static int GrpcCodeFor(int httpStatus) => httpStatus switch
    {
        StatusCodes.Status400BadRequest => 3, // INVALID_ARGUMENT
        StatusCodes.Status413PayloadTooLarge => 8, // RESOURCE_EXHAUSTED
        StatusCodes.Status415UnsupportedMediaType => 3,
        StatusCodes.Status429TooManyRequests => 14, // UNAVAILABLE
        StatusCodes.Status503ServiceUnavailable => 14,
        _ => 2, // UNKNOWN
    };
}
