using System.Net;
using Google.Protobuf;
using Grpc.Core;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Vigil.Core.Ports;
using Vigil.Core.Queries;
using Vigil.Core.Spans;

namespace Vigil.Server.Tests;

/// <summary>A full write queue refuses exports with a retry hint, as the OTLP specification asks.</summary>
public sealed class BackpressureTests
{
    [Fact]
    public async Task Export_WhileTheQueueIsFull_Http429WithRetryAfter_ThenAcceptedOnceDrained()
    {
        GateStore? gate = null;
        await using var server = await RunningServer.StartAsync(
            s => s with { Queue = s.Queue with { Capacity = 10, RetryAfter = TimeSpan.FromSeconds(2) } },
            store => gate = new GateStore(store));

        var first = PostAsync(server.Http, Request("0bf7651916cd43dd8448eb211c80319c", 10));
        await gate!.Entered.Task.WaitAsync(RunningServer.Timeout);

        using (var refused = await PostAsync(server.Http, Request("1bf7651916cd43dd8448eb211c80319c", 5)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
            Assert.Contains("queue is full", Google.Rpc.Status.Parser.ParseFrom(await refused.Content.ReadAsByteArrayAsync()).Message, StringComparison.Ordinal);
        }

        var client = new TraceService.TraceServiceClient(server.GrpcChannel());
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(Request("2bf7651916cd43dd8448eb211c80319c", 5)).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);

        gate.Open.TrySetResult();
        using (var accepted = await first.WaitAsync(RunningServer.Timeout))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using var retried = await PostAsync(server.Http, Request("1bf7651916cd43dd8448eb211c80319c", 5));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        using var missing = await server.Http.GetAsync("/api/v1/traces/2bf7651916cd43dd8448eb211c80319c");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Export_WhenTheStoreFails_Http503AndNothingStored()
    {
        await using var server = await RunningServer.StartAsync(decorateStore: store => new GateStore(store) { Fail = true });
        using var response = await PostAsync(server.Http, Request("3bf7651916cd43dd8448eb211c80319c", 3));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    private static ExportTraceServiceRequest Request(string traceId, int spans) =>
        OtlpHttpBadInputTests.Request(Enumerable.Range(1, spans)
            .Select(i => OtlpHttpBadInputTests.Span(traceId, i.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray());

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, ExportTraceServiceRequest request)
    {
        var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        return client.PostAsync("/v1/traces", content);
    }

    /// <summary>Holds appends until opened (or fails them), delegating everything else.</summary>
    private sealed class GateStore(ITelemetryStore inner) : ITelemetryStore
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Fail { get; init; }

        public async Task AppendAsync(TelemetryBatch batch, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new IOException("disk full");
            }

            Entered.TrySetResult();
            await Open.Task.WaitAsync(RunningServer.Timeout, cancellationToken);
            await inner.AppendAsync(batch, cancellationToken);
        }

        public Task<TracePage> SearchTracesAsync(TraceQuery query, CancellationToken cancellationToken) => inner.SearchTracesAsync(query, cancellationToken);

        public Task<TraceDetail?> GetTraceAsync(string projectId, string traceId, CancellationToken cancellationToken) => inner.GetTraceAsync(projectId, traceId, cancellationToken);

        public Task<StatsResult> GetStatsAsync(StatsQuery query, CancellationToken cancellationToken) => inner.GetStatsAsync(query, cancellationToken);

        public Task<CostReport> GetCostsAsync(CostQuery query, CancellationToken cancellationToken) => inner.GetCostsAsync(query, cancellationToken);

        public Task<RetentionOutcome> ApplyRetentionAsync(DateTimeOffset rawBefore, DateTimeOffset rollupsBefore, CancellationToken cancellationToken) =>
            inner.ApplyRetentionAsync(rawBefore, rollupsBefore, cancellationToken);
    }
}
