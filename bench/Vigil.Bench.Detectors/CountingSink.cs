using OpenTelemetry.Proto.Collector.Metrics.V1;
using Vigil.Simulator.Telemetry;

namespace Vigil.Bench.Detectors;

/// <summary>The in-process sink, counting the spans it passes on (the day's size in the report).</summary>
internal sealed class CountingSink(ITelemetrySink inner) : ITelemetrySink
{
    public long Spans { get; private set; }

    public Task SendAsync(IReadOnlyList<SimTrace> traces, CancellationToken cancellationToken)
    {
        Spans += traces.Sum(t => t.Spans.Count);
        return inner.SendAsync(traces, cancellationToken);
    }

    public Task SendMetricsAsync(ExportMetricsServiceRequest metrics, CancellationToken cancellationToken) => inner.SendMetricsAsync(metrics, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
