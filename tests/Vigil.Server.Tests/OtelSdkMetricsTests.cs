using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Vigil.Ingest;

namespace Vigil.Server.Tests;

/// <summary>Index sizes, vector counts and the like arrive as OTLP metrics from the official SDK.</summary>
public sealed class OtelSdkMetricsTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task OtelSdk_ExportsGaugeSumAndHistogram_AllDataPointsAccepted(OtlpExportProtocol protocol)
    {
        await using var server = await RunningServer.StartAsync();
        var metrics = server.Host.Services.GetRequiredService<IngestMetrics>();
        var before = metrics.Accepted;
        var meterName = "vigil.tests.rag." + Guid.NewGuid().ToString("N");
        using (var meter = new Meter(meterName))
        {
            var vectors = 0L;
            meter.CreateObservableGauge("rag.index.vectors", () => vectors, description: "vectors in the index");
            var bytes = meter.CreateCounter<long>("rag.index.bytes_written", "By");
            var latency = meter.CreateHistogram<double>("rag.retrieval.duration", "s");
            using var provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(meterName)
                .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("support-app").AddAttributes([new("vigil.feature", "support-chat")]))
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Protocol = protocol;
                    exporter.Endpoint = protocol == OtlpExportProtocol.Grpc ? server.Host.GrpcAddress : new Uri(server.Host.HttpAddress, "/v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
                })
                .Build();

            vectors = 125_000;
            bytes.Add(4096, new KeyValuePair<string, object?>("index", "support-kb"));
            latency.Record(0.12);
            latency.Record(0.34);
            Assert.True(provider.ForceFlush(30_000));
            Assert.Equal(3, metrics.Accepted - before); // one gauge, one sum and one histogram point
        }
    }
}
