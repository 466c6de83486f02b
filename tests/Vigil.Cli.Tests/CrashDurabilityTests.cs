using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Vigil.Cli.Tests;

/// <summary>An acknowledged span survives <c>kill -9</c> of the server.</summary>
public sealed class CrashDurabilityTests
{
    [Fact]
    public async Task Serve_KilledHardWhileIngesting_KeepsEveryAcknowledgedSpanAfterRestart()
    {
        var work = Directory.CreateTempSubdirectory("vigil-crash-").FullName;
        var data = Path.Combine(work, "data");
        var (httpPort, grpcPort) = (VigilProcess.FreePort(), VigilProcess.FreePort());
        var acknowledged = new ConcurrentBag<(string TraceId, int Spans)>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await using (var server = await VigilProcess.ServeAsync(work, data, httpPort, grpcPort))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = VigilProcess.Timeout };
            using var stop = new CancellationTokenSource();

            async Task ClientAsync(int client)
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
                    var spans = 50 + (i % 5) * 50;
                    using var content = new ByteArrayContent(Request(traceId, spans).ToByteArray());
                    content.Headers.ContentType = new("application/x-protobuf");
                    try
                    {
                        using var response = await http.PostAsync("/v1/traces", content);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            await response.Content.ReadAsByteArrayAsync();
                            acknowledged.Add((traceId, spans));
                            if (acknowledged.Count >= 40)
                            {
                                enough.TrySetResult();
                            }
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server is gone: this export was never acknowledged
                    }
                }
            }

            var clients = Enumerable.Range(0, 4).Select(c => Task.Run(() => ClientAsync(c))).ToList();
            await Task.WhenAny(enough.Task, Task.WhenAll(clients)).WaitAsync(VigilProcess.Timeout);
            Assert.True(enough.Task.IsCompleted, "the clients stopped before 40 exports were acknowledged");

            await server.KillHardAsync();
            await stop.CancelAsync();
            await Task.WhenAll(clients).WaitAsync(VigilProcess.Timeout);
        }

        await using (await VigilProcess.ServeAsync(work, data, httpPort, grpcPort))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = VigilProcess.Timeout };
            var missing = new List<string>();
            foreach (var (traceId, spans) in acknowledged)
            {
                using var response = await http.GetAsync($"/api/v1/traces/{traceId}");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    missing.Add($"{traceId}: {(int)response.StatusCode}");
                    continue;
                }

                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var stored = doc.RootElement.GetProperty("spanCount").GetInt32();
                if (stored != spans)
                {
                    missing.Add($"{traceId}: {stored} of {spans} spans");
                }
            }

            Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged traces lost: {string.Join(", ", missing.Take(5))}");
        }

        Directory.Delete(work, recursive: true);
    }

    internal static ExportTraceServiceRequest Request(string traceId, int spans)
    {
        var now = (ulong)TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000UL;
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "crash-test" } };
        for (var i = 0; i < spans; i++)
        {
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(Convert.FromHexString(traceId)),
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes((long)i + 1)),
                Name = "chat gpt-4o-mini",
                Kind = Span.Types.SpanKind.Client,
                StartTimeUnixNano = now - 2_000_000,
                EndTimeUnixNano = now,
            };
            span.Attributes.Add(new KeyValue { Key = "gen_ai.operation.name", Value = new AnyValue { StringValue = "chat" } });
            span.Attributes.Add(new KeyValue { Key = "gen_ai.request.model", Value = new AnyValue { StringValue = "gpt-4o-mini" } });
            span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.input_tokens", Value = new AnyValue { IntValue = 120 } });
            span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.output_tokens", Value = new AnyValue { IntValue = 30 } });
            scope.Spans.Add(span);
        }

        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "crash-app" } });
        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = resource, ScopeSpans = { scope } } } };
    }
}
