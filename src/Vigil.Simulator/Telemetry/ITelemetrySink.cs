using OpenTelemetry.Proto.Collector.Metrics.V1;

namespace Vigil.Simulator.Telemetry;

/// <summary>Where the application's telemetry goes: Vigil's ingestion in process, or a Vigil server over OTLP.</summary>
public interface ITelemetrySink : IAsyncDisposable
{
    /// <summary>Sends one simulated minute's traces; returns once Vigil acknowledged them.</summary>
    Task SendAsync(IReadOnlyList<SimTrace> traces, CancellationToken cancellationToken);

    /// <summary>Sends metric points (the RAG index's size and re-embedding), as OTLP metrics.</summary>
    Task SendMetricsAsync(ExportMetricsServiceRequest metrics, CancellationToken cancellationToken);
}
