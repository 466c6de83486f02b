using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Vigil.Core.Spans;
using Vigil.Ingest.Otlp;
using Vigil.Ingest.Pipeline;
using Vigil.Ingest.Pricing;

namespace Vigil.Ingest;

/// <summary>
/// The one place OTLP exports go through, whatever the transport: map (and price), queue, wait
/// for the commit. The HTTP and gRPC endpoints are thin adapters over it.
/// </summary>
public sealed class IngestService
{
    private readonly OtlpTraceMapper _traceMapper;
    private readonly OtlpMetricsMapper _metricsMapper;
    private readonly TelemetryWriteQueue _queue;
    private readonly PriceBook _prices;
    private readonly IngestMetrics _metrics;

    public IngestService(IngestLimits limits, TelemetryWriteQueue queue, PriceBook prices, IngestMetrics metrics)
    {
        _traceMapper = new OtlpTraceMapper(limits);
        _metricsMapper = new OtlpMetricsMapper(limits);
        _queue = queue;
        _prices = prices;
        _metrics = metrics;
    }

    public Task<IngestOutcome> ExportTracesAsync(ExportTraceServiceRequest request, string projectId, CancellationToken cancellationToken)
    {
        var mapped = _traceMapper.Map(request, projectId, _prices.Current);
        var batch = new TelemetryBatch { Spans = mapped.Spans, Evaluations = mapped.Evaluations };
        var unpriced = 0;
        foreach (var span in mapped.Spans)
        {
            if (span.Pricing == PricingStatus.Unpriced)
            {
                unpriced++;
            }
        }

        return CommitAsync(batch, mapped.RejectedSpans, mapped.Errors, mapped.TruncatedValues, unpriced, "span", cancellationToken);
    }

    public Task<IngestOutcome> ExportMetricsAsync(ExportMetricsServiceRequest request, string projectId, CancellationToken cancellationToken)
    {
        var mapped = _metricsMapper.Map(request, projectId);
        var batch = new TelemetryBatch { Metrics = mapped.Points };
        return CommitAsync(batch, mapped.RejectedDataPoints, mapped.Errors, 0, 0, "data point", cancellationToken);
    }

    private async Task<IngestOutcome> CommitAsync(
        TelemetryBatch batch, int rejected, IReadOnlyList<string> errors, int truncated, int unpriced, string noun, CancellationToken cancellationToken)
    {
        var message = Describe(rejected, errors, noun);
        if (batch.Count == 0)
        {
            if (rejected > 0)
            {
                _metrics.RecordRejected(rejected);
                return new IngestOutcome(IngestStatus.Invalid, 0, rejected, message);
            }

            return new IngestOutcome(IngestStatus.Accepted, 0, 0, null);
        }

        if (!_queue.TryEnqueue(batch, out var committed))
        {
            _metrics.RecordRefused(batch.Count);
            return new IngestOutcome(IngestStatus.Overloaded, 0, 0,
                $"the write queue is full ({_queue.Depth} items waiting); retry later", _queue.Options.RetryAfter);
        }

        try
        {
            await committed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreWriteException ex)
        {
            return new IngestOutcome(IngestStatus.Unavailable, 0, 0, ex.Message, _queue.Options.RetryAfter);
        }

        _metrics.RecordAccepted(batch.Count, rejected, truncated, unpriced);
        return new IngestOutcome(IngestStatus.Accepted, batch.Count, rejected, message);
    }

    private static string? Describe(int rejected, IReadOnlyList<string> errors, string noun)
    {
        if (rejected == 0)
        {
            return errors.Count == 0 ? null : string.Join("; ", errors);
        }

        var head = rejected == 1 ? $"1 {noun} rejected" : $"{rejected} {noun}s rejected";
        return errors.Count == 0 ? head : $"{head}: {string.Join("; ", errors)}";
    }
}
