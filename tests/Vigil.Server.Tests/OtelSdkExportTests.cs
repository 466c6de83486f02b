using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Vigil.Core.Queries;
using Vigil.Core.Spans;

namespace Vigil.Server.Tests;

/// <summary>The official OpenTelemetry .NET SDK exporting to a real Kestrel server, over both wires.</summary>
public sealed class OtelSdkExportTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task OtelSdk_ExportsGenAiTrace_StoredWithTokensCostAndAttribution(OtlpExportProtocol protocol)
    {
        await using var server = await RunningServer.StartAsync();
        var sourceName = "vigil.tests." + Guid.NewGuid().ToString("N");
        string traceId;
        using (var tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("support-app").AddAttributes(new KeyValuePair<string, object>[]
            {
                new("vigil.feature", "support-chat"),
                new("vigil.team", "cx"),
                new("vigil.release", "r42"),
            }))
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.Grpc ? server.Host.GrpcAddress : new Uri(server.Host.HttpAddress, "/v1/traces");
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build())
        {
            using var source = new ActivitySource(sourceName);
            using (var rootActivity = source.StartActivity("answer question", ActivityKind.Server)!)
            {
                traceId = rootActivity.TraceId.ToHexString();
                using (var retrieval = source.StartActivity("retrieval support-kb", ActivityKind.Internal)!)
                {
                    retrieval.SetTag("gen_ai.operation.name", "retrieval");
                }

                using var chat = source.StartActivity("chat gpt-4o", ActivityKind.Client)!;
                chat.SetTag("gen_ai.operation.name", "chat");
                chat.SetTag("gen_ai.provider.name", "openai");
                chat.SetTag("gen_ai.request.model", "gpt-4o");
                chat.SetTag("gen_ai.response.model", "gpt-4o-2024-08-06");
                chat.SetTag("gen_ai.usage.input_tokens", 1000L);
                chat.SetTag("gen_ai.usage.output_tokens", 200L);
                chat.SetTag("user.id", "u-7");
            }

            Assert.True(tracer.ForceFlush(30_000));
        }

        var trace = await server.GetJsonAsync<TraceDetail>(server.Http, $"/api/v1/traces/{traceId}");
        Assert.Equal(3, trace.SpanCount);
        var spans = Flatten(trace.Roots).ToList();
        var chatSpan = Assert.Single(spans, s => s.Operation == "chat");
        Assert.Equal("support-chat", chatSpan.Feature);
        Assert.Equal("cx", chatSpan.Team);
        Assert.Equal("r42", chatSpan.Release);
        Assert.Equal("support-app", chatSpan.Service);
        Assert.Equal("u-7", chatSpan.UserId);
        Assert.Equal("openai", chatSpan.Provider);
        Assert.Equal(1000, chatSpan.Usage.Input);
        Assert.Equal(200, chatSpan.Usage.Output);
        Assert.Equal(PricingStatus.Priced, chatSpan.Pricing);
        Assert.True(chatSpan.Cost > 0m, "gpt-4o is in the built-in catalog");
        Assert.Equal(Stages.Generation, chatSpan.Stage);
        Assert.Contains(Stages.Retrieval, trace.StageDurationsMs.Keys);
        var root = Assert.Single(trace.Roots);
        Assert.Equal("answer question", root.Span.Name);
        Assert.Equal(2, root.Children.Count);
    }

    private static IEnumerable<Span> Flatten(IEnumerable<SpanNode> nodes) =>
        nodes.SelectMany(n => new[] { n.Span }.Concat(Flatten(n.Children)));
}
