using System.Globalization;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using Vigil.Core.Pricing;
using Vigil.Core.Spans;
using Vigil.Ingest.GenAi;
using A = Vigil.Ingest.GenAi.GenAiAttributes;
using OtlpEvent = OpenTelemetry.Proto.Trace.V1.Span.Types.Event;
using OtlpSpan = OpenTelemetry.Proto.Trace.V1.Span;
using OtlpStatusCode = OpenTelemetry.Proto.Trace.V1.Status.Types.StatusCode;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// Maps the spans of one export request, one at a time, keeping the results and counts. Not
/// thread-safe: <see cref="OtlpTraceMapper"/> makes one per request.
/// </summary>
internal sealed class SpanMapper
{
    /// <summary>Characters kept of a span name.</summary>
    public const int MaxNameLength = 1024;

    /// <summary>The service of a resource without <c>service.name</c>, as the OpenTelemetry SDKs name it.</summary>
    public const string UnknownService = "unknown_service";

    private readonly IngestLimits _limits;
    private readonly string _projectId;
    private readonly PriceCatalog _prices;
    private readonly SpanAttributes _attributes;

    public SpanMapper(IngestLimits limits, string projectId, PriceCatalog prices)
    {
        _limits = limits;
        _projectId = projectId;
        _prices = prices;
        _attributes = new SpanAttributes(limits);
    }

    public List<Span> Spans { get; } = [];
    public List<EvaluationResult> Evaluations { get; } = [];
    public ErrorList Errors { get; } = new();
    public int Rejected { get; private set; }
    public int Truncated { get; private set; }
    public int DroppedAttributes { get; private set; }
    public int DroppedEvents { get; private set; }

    public void Map(OtlpSpan span, ResourceAttributes resource, InstrumentationScope? scope, SpanPath path)
    {
        if (SpanValidator.Check(span) is { } problem)
        {
            Reject(path, problem);
            return;
        }

        var a = _attributes;
        a.Load(span.Attributes, resource);
        if (a.Oversized() is { } oversized)
        {
            Reject(path, string.Create(CultureInfo.InvariantCulture,
                $"attribute '{AnyValues.Truncate(oversized.Key, 200)}' is {oversized.Length} characters, over the limit of {_limits.RejectAttributeValueLength}"));
            return;
        }

        var eventCount = Math.Min(span.Events.Count, _limits.MaxEventsPerSpan);
        var call = GenAiCall.Read(a);
        var parentId = SpanValidator.ParentId(span.ParentSpanId);
        var kind = Enum.IsDefined((SpanKind)span.Kind) ? (SpanKind)span.Kind : SpanKind.Unspecified;
        var status = MapStatus(span.Status?.Code ?? OtlpStatusCode.Unset);
        var service = a.Text(A.ServiceName) ?? UnknownService;
        var startNano = (long)span.StartTimeUnixNano;
        var (input, output) = _limits.StoreContent ? ContentExtractor.Extract(a, span.Events, eventCount) : (null, null);
        var pricing = call.Usage.IsEmpty
            ? PricingOutcome.NotApplicable
            : PriceCalculator.Price(_prices, call.Provider, call.ResponseModel ?? call.RequestModel, call.Usage,
                DateTimeOffset.UnixEpoch.AddTicks(startNano / TimeSpan.NanosecondsPerTick));

        var mapped = new Span
        {
            ProjectId = _projectId,
            TraceId = Convert.ToHexStringLower(span.TraceId.Span),
            SpanId = Convert.ToHexStringLower(span.SpanId.Span),
            ParentSpanId = parentId,
            Name = a.Limit(span.Name, MaxNameLength),
            Kind = kind,
            StartUnixNano = startNano,
            DurationNano = (long)(span.EndTimeUnixNano - span.StartTimeUnixNano),
            Status = status,
            StatusMessage = span.Status is { Message.Length: > 0 } s ? a.Limit(s.Message, _limits.MaxAttributeValueLength) : null,
            ErrorType = a.Text(A.ErrorType) ?? (status == SpanStatus.Error ? ExceptionType(span.Events, eventCount) ?? "error" : null),
            Service = service,
            Feature = a.Text(A.Feature) ?? service,
            Team = a.Text(A.Team),
            UserId = a.Text(A.UserId, A.EndUserId),
            SessionId = a.Text(A.SessionId),
            ConversationId = a.Text(A.ConversationId),
            Environment = a.Text(A.Environment, A.EnvironmentDeprecated),
            Segment = a.Text(A.Segment),
            Operation = call.Operation,
            Stage = Stage(a, call.Operation, parentId is null, kind),
            Provider = call.Provider,
            RequestModel = call.RequestModel,
            ResponseModel = call.ResponseModel,
            Release = a.Text(A.Release),
            PromptVersion = a.Text(A.PromptVersion),
            IndexVersion = a.Text(A.IndexVersion),
            RoutingVersion = a.Text(A.RoutingVersion),
            Usage = call.Usage,
            ReportedCost = call.ReportedCost,
            CacheHit = call.CacheHit,
            FinishReasons = call.FinishReasons,
            InputContent = input is null ? null : a.Limit(input, _limits.MaxContentLength),
            OutputContent = output is null ? null : a.Limit(output, _limits.MaxContentLength),
            Attributes = Attributes(a, scope),
            Cost = pricing.Cost,
            Pricing = pricing.Status,
        };

        EvaluationReader.Read(span.Events, eventCount, mapped, a, _limits, Evaluations, Errors, path);
        Spans.Add(mapped);
        Truncated += a.Truncated;
        DroppedAttributes += a.Dropped;
        DroppedEvents += span.Events.Count - eventCount;
    }

    /// <summary>
    /// The attributes not mapped to a field, plus the instrumentation scope as <c>otel.scope.name</c>
    /// and <c>otel.scope.version</c> (the names OpenTelemetry uses for non-OTLP exports) so that the
    /// instrumentation that produced a span stays visible. Must run after every field is read, since
    /// reading decides which mapped attributes are kept.
    /// </summary>
    private static Dictionary<string, string> Attributes(SpanAttributes a, InstrumentationScope? scope)
    {
        var attributes = a.Unmapped();
        if (scope is not null)
        {
            a.AddDerived(attributes, "otel.scope.name", scope.Name);
            a.AddDerived(attributes, "otel.scope.version", scope.Version);
        }

        return attributes;
    }

    /// <summary>
    /// <c>vigil.stage</c> when it names a known stage (an unknown one stays in the attribute map);
    /// else the stage implied by the operation; else <c>end_to_end</c> for a root span of kind
    /// SERVER, INTERNAL or UNSPECIFIED (which OTLP says may be read as INTERNAL) whose operation, if
    /// any, implies no stage (for example <c>invoke_workflow</c>); else none. A root CLIENT span is
    /// a call out, not the end-to-end request, and gets no stage.
    /// </summary>
    private static string? Stage(SpanAttributes a, string? operation, bool isRoot, SpanKind kind)
    {
        if (a.Text(A.Stage) is { } declared)
        {
            if (Stages.IsKnown(declared))
            {
                return declared;
            }

            a.Keep(A.Stage);
        }

        return Stages.FromOperation(operation)
            ?? (isRoot && kind is SpanKind.Server or SpanKind.Internal or SpanKind.Unspecified ? Stages.EndToEnd : null);
    }

    private static SpanStatus MapStatus(OtlpStatusCode code) => code switch
    {
        OtlpStatusCode.Ok => SpanStatus.Ok,
        OtlpStatusCode.Error => SpanStatus.Error,
        _ => SpanStatus.Unset,
    };

    /// <summary><c>exception.type</c> of the first <c>exception</c> event, or null.</summary>
    private string? ExceptionType(RepeatedField<OtlpEvent> events, int eventCount)
    {
        for (var i = 0; i < eventCount; i++)
        {
            if (events[i].Name != A.ExceptionEvent)
            {
                continue;
            }

            foreach (var pair in events[i].Attributes)
            {
                if (pair.Key == A.ExceptionType && AnyValues.ToText(pair.Value) is { Length: > 0 } type)
                {
                    return _attributes.Limit(type, _limits.MaxAttributeValueLength);
                }
            }
        }

        return null;
    }

    private void Reject(SpanPath path, string problem)
    {
        Rejected++;
        Errors.Add($"{path}: {problem}");
    }
}
