using OpenTelemetry.Proto.Collector.Metrics.V1;
using Vigil.Ingest;

namespace Vigil.Simulator.Telemetry;

/// <summary>
/// Straight into Vigil's ingestion service, as OTLP protobuf requests, without HTTP: the fast path.
/// The same mapping as an OTLP export, so both paths store the same spans.
/// </summary>
public sealed class InProcessSink(IngestService ingest, string projectId = "default") : ITelemetrySink
{
    /// <summary>Spans per export request, like an SDK's batch processor.</summary>
    public const int BatchSize = 512;

    /// <summary>Sends the minute's exports concurrently (they share the journal's group commit) and waits for all.</summary>
    public Task SendAsync(IReadOnlyList<SimTrace> traces, CancellationToken cancellationToken) =>
        Task.WhenAll(Chunks(traces).Select(chunk =>
        {
            var request = OtlpRequestBuilder.Build(chunk);
            return SendWithRetryAsync(() => ingest.ExportTracesAsync(request, projectId, cancellationToken), cancellationToken);
        }));

    public Task SendMetricsAsync(ExportMetricsServiceRequest metrics, CancellationToken cancellationToken) =>
        SendWithRetryAsync(() => ingest.ExportMetricsAsync(metrics, projectId, cancellationToken), cancellationToken);

    /// <summary>Waits and retries while Vigil's queue is full, as an SDK's exporter does; fails on anything else.</summary>
    private static async Task SendWithRetryAsync(Func<Task<IngestOutcome>> send, CancellationToken cancellationToken)
    {
        while (true)
        {
            var outcome = await send().ConfigureAwait(false);
            switch (outcome.Status)
            {
                case IngestStatus.Accepted:
                    return;
                case IngestStatus.Overloaded:
                    // Real time: the queue drains at the store's pace, whatever the simulated clock says.
                    await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"Vigil refused simulated telemetry ({outcome.Status}): {outcome.Message}");
            }
        }
    }

    /// <summary>Whole traces in groups of about <see cref="BatchSize"/> spans.</summary>
    internal static IEnumerable<List<SimTrace>> Chunks(IReadOnlyList<SimTrace> traces)
    {
        var chunk = new List<SimTrace>();
        var spans = 0;
        foreach (var trace in traces)
        {
            chunk.Add(trace);
            spans += trace.Spans.Count;
            if (spans >= BatchSize)
            {
                yield return chunk;
                chunk = [];
                spans = 0;
            }
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
