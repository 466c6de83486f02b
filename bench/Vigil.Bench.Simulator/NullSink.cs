using OpenTelemetry.Proto.Collector.Metrics.V1;
using Vigil.Simulator.Telemetry;

namespace Vigil.Bench.Simulator;

/// <summary>The baseline's sink: builds the OTLP request as the in-process sink does, then drops it.</summary>
internal sealed class NullSink : ITelemetrySink
{
    public long Bytes { get; private set; }

    public Task SendAsync(IReadOnlyList<SimTrace> traces, CancellationToken cancellationToken)
    {
        Bytes += OtlpRequestBuilder.Build(traces).CalculateSize();
        return Task.CompletedTask;
    }

    public Task SendMetricsAsync(ExportMetricsServiceRequest metrics, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
