using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Vigil.Core.Spans;
using Vigil.Ingest.Journal;
using Vigil.Ingest.Otlp;
using Vigil.Ingest.Pipeline;
using Vigil.Ingest.Pricing;

namespace Vigil.Ingest;

/// <summary>
/// The one place OTLP exports go through, whatever the transport: map (and price), queue, wait
/// until the export is durable (journaled, or committed when there is no journal). The HTTP and
/// gRPC endpoints are thin adapters over it; replaying the journal maps its records here too.
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

    /// <param name="request">The parsed export.</param>
    /// <param name="projectId">The caller's project.</param>
    /// <param name="protobuf">The request's protobuf bytes as received, when there are any: journaled as they are.</param>
    /// <param name="cancellationToken">The client went away.</param>
    public Task<IngestOutcome> ExportTracesAsync(
        ExportTraceServiceRequest request, string projectId, CancellationToken cancellationToken, ReadOnlyMemory<byte> protobuf = default)
    {
        var (batch, rejected, errors, truncated) = MapTraces(request, projectId);
        var unpriced = 0;
        foreach (var span in batch.Spans)
        {
            if (span.Pricing == PricingStatus.Unpriced)
            {
                unpriced++;
            }
        }

        var entry = JournalEntryFor(JournalRecordKind.Traces, projectId, request, protobuf);
        return CommitAsync(batch, entry, rejected, errors, truncated, unpriced, "span", cancellationToken);
    }

    /// <inheritdoc cref="ExportTracesAsync"/>
    public Task<IngestOutcome> ExportMetricsAsync(
        ExportMetricsServiceRequest request, string projectId, CancellationToken cancellationToken, ReadOnlyMemory<byte> protobuf = default)
    {
        var mapped = _metricsMapper.Map(request, projectId);
        var batch = new TelemetryBatch { Metrics = mapped.Points };
        var entry = JournalEntryFor(JournalRecordKind.Metrics, projectId, request, protobuf);
        return CommitAsync(batch, entry, mapped.RejectedDataPoints, mapped.Errors, 0, 0, "data point", cancellationToken);
    }

    /// <summary>
    /// Maps a journal record again, as its export was mapped when it arrived (with today's prices and
    /// limits): what the replay after a crash commits.
    /// </summary>
    public TelemetryBatch Remap(JournalRecord record) => record.Kind switch
    {
        JournalRecordKind.Traces => MapTraces(ExportTraceServiceRequest.Parser.ParseFrom(record.Payload.Span), record.ProjectId).Batch,
        JournalRecordKind.Metrics => new TelemetryBatch { Metrics = _metricsMapper.Map(ExportMetricsServiceRequest.Parser.ParseFrom(record.Payload.Span), record.ProjectId).Points },
        _ => throw new InvalidDataException($"journal record {record.Sequence} has the unknown kind {record.Kind}"),
    };

    private (TelemetryBatch Batch, int Rejected, IReadOnlyList<string> Errors, int Truncated) MapTraces(ExportTraceServiceRequest request, string projectId)
    {
        var mapped = _traceMapper.Map(request, projectId, _prices.Current);
        return (new TelemetryBatch { Spans = mapped.Spans, Evaluations = mapped.Evaluations }, mapped.RejectedSpans, mapped.Errors, mapped.TruncatedValues);
    }

    private JournalEntry? JournalEntryFor(JournalRecordKind kind, string projectId, Google.Protobuf.IMessage request, ReadOnlyMemory<byte> protobuf) =>
        !_queue.IsJournaled ? null
        : protobuf.IsEmpty ? JournalEntry.FromMessage(kind, projectId, request)
        : JournalEntry.FromBytes(kind, projectId, protobuf);

    private async Task<IngestOutcome> CommitAsync(
        TelemetryBatch batch, JournalEntry? entry, int rejected, IReadOnlyList<string> errors, int truncated, int unpriced, string noun, CancellationToken cancellationToken)
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

        if (!_queue.TryEnqueue(batch, entry, out var acknowledged))
        {
            _metrics.RecordRefused(batch.Count);
            return new IngestOutcome(IngestStatus.Overloaded, 0, 0,
                $"the write queue is full ({_queue.Depth} items waiting); retry later", _queue.Options.RetryAfter);
        }

        try
        {
            // A journaled export is waited for even if the client goes away: the journal may still be
            // reading the request's bytes, which must not return to their pool before (a few ms).
            await (entry is null ? acknowledged.WaitAsync(cancellationToken) : acknowledged).ConfigureAwait(false);
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
