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

        // Acknowledged from the journal while the store is held: it still counts against the capacity.
        using (var first = await PostAsync(server.Http, Request("0bf7651916cd43dd8448eb211c80319c", 10)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

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
        using (var stored = await server.Http.GetAsync("/api/v1/traces/0bf7651916cd43dd8448eb211c80319c"))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        using var retried = await PostAsync(server.Http, Request("1bf7651916cd43dd8448eb211c80319c", 5));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        using var missing = await server.Http.GetAsync("/api/v1/traces/2bf7651916cd43dd8448eb211c80319c");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Export_WhenTheStoreFails_IsAcknowledgedFromTheJournal_AndCommittedOnceTheStoreRecovers()
    {
        GateStore? gate = null;
        await using var server = await RunningServer.StartAsync(decorateStore: store => gate = new GateStore(store) { FailuresLeft = 2 });
        gate!.Open.TrySetResult();

        using var response = await PostAsync(server.Http, Request("4bf7651916cd43dd8448eb211c80319c", 3));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The store fails twice; the queue retries (0.1 s, then 0.2 s) and the query waits for it.
        using var stored = await server.Http.GetAsync("/api/v1/traces/4bf7651916cd43dd8448eb211c80319c");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.False(stored.Headers.Contains("Vigil-Stale"));
        Assert.Equal(0, gate.FailuresLeft);
    }

    [Fact]
    public async Task Export_WithoutAJournal_WhenTheStoreFails_Http503AndNothingStored()
    {
        await using var server = await RunningServer.StartAsync(
            s => s with { Queue = s.Queue with { Journal = false } },
            store => new GateStore(store) { FailuresLeft = int.MaxValue });
        using var response = await PostAsync(server.Http, Request("3bf7651916cd43dd8448eb211c80319c", 3));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "journal")));
    }

    [Fact]
    public async Task Query_WhileTheStoreCannotCatchUp_AnswersAfterTheWaitAndSaysItIsStale()
    {
        GateStore? gate = null;
        await using var server = await RunningServer.StartAsync(
            s => s with { Queue = s.Queue with { ReadYourWritesWait = TimeSpan.FromMilliseconds(200) } },
            store => gate = new GateStore(store));

        using (var acknowledged = await PostAsync(server.Http, Request("5bf7651916cd43dd8448eb211c80319c", 2)))
        {
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        using var query = await server.Http.GetAsync("/api/v1/traces/5bf7651916cd43dd8448eb211c80319c");
        Assert.Equal(HttpStatusCode.NotFound, query.StatusCode);
        Assert.Contains("not all in the store", query.Headers.GetValues("Vigil-Stale").Single(), StringComparison.Ordinal);
        gate!.Open.TrySetResult();
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

        public int FailuresLeft { get; set; }

        public async Task AppendAsync(TelemetryBatch batch, CancellationToken cancellationToken)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new IOException("disk full");
            }

            Entered.TrySetResult();
            await Open.Task.WaitAsync(RunningServer.Timeout, cancellationToken);
            await inner.AppendAsync(batch, cancellationToken);
        }

        public Task<long> GetJournalWatermarkAsync(CancellationToken cancellationToken) => inner.GetJournalWatermarkAsync(cancellationToken);

        public Task<TracePage> SearchTracesAsync(TraceQuery query, CancellationToken cancellationToken) => inner.SearchTracesAsync(query, cancellationToken);

        public Task<TraceDetail?> GetTraceAsync(string projectId, string traceId, CancellationToken cancellationToken) => inner.GetTraceAsync(projectId, traceId, cancellationToken);

        public Task<StatsResult> GetStatsAsync(StatsQuery query, CancellationToken cancellationToken) => inner.GetStatsAsync(query, cancellationToken);

        public Task<CostReport> GetCostsAsync(CostQuery query, CancellationToken cancellationToken) => inner.GetCostsAsync(query, cancellationToken);

        public Task<EvaluationSeries> GetEvaluationSeriesAsync(EvaluationSeriesQuery query, CancellationToken cancellationToken) =>
            inner.GetEvaluationSeriesAsync(query, cancellationToken);

        public Task<RetentionOutcome> ApplyRetentionAsync(DateTimeOffset rawBefore, DateTimeOffset rollupsBefore, CancellationToken cancellationToken) =>
            inner.ApplyRetentionAsync(rawBefore, rollupsBefore, cancellationToken);
    }
}
