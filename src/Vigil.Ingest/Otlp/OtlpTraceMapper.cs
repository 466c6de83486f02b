using OpenTelemetry.Proto.Collector.Trace.V1;
using Vigil.Core.Pricing;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// Maps an OTLP trace export to Vigil's spans: the GenAI semantic conventions (current and
/// deprecated names) and OpenInference read into fields, attribution from span then resource,
/// limits applied, each span priced. A span that fails validation or carries an attribute over
/// <see cref="IngestLimits.RejectAttributeValueLength"/> is rejected and counted; the rest of the
/// batch is kept. Thread-safe: each call works on its own state.
/// </summary>
public sealed class OtlpTraceMapper
{
    private readonly IngestLimits _limits;

    public OtlpTraceMapper(IngestLimits limits)
    {
        _limits = limits;
    }

    public MappedTraces Map(ExportTraceServiceRequest request, string projectId, PriceCatalog prices)
    {
        var mapper = new SpanMapper(_limits, projectId, prices);
        for (var r = 0; r < request.ResourceSpans.Count; r++)
        {
            var resourceSpans = request.ResourceSpans[r];
            var resource = new ResourceAttributes(resourceSpans.Resource?.Attributes, _limits.RejectAttributeValueLength);
            for (var s = 0; s < resourceSpans.ScopeSpans.Count; s++)
            {
                var scopeSpans = resourceSpans.ScopeSpans[s];
                for (var i = 0; i < scopeSpans.Spans.Count; i++)
                {
                    mapper.Map(scopeSpans.Spans[i], resource, scopeSpans.Scope, new SpanPath(r, s, i));
                }
            }
        }

        return new MappedTraces(mapper.Spans, mapper.Evaluations, mapper.Rejected, mapper.Errors.ToList(), mapper.Truncated)
        {
            DroppedAttributes = mapper.DroppedAttributes,
            DroppedEvents = mapper.DroppedEvents,
        };
    }
}
