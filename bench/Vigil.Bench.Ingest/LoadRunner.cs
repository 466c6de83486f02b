using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Vigil.Bench.Harness;

namespace Vigil.Bench.Ingest;

/// <summary>How one load phase drives the server.</summary>
internal sealed record LoadPlan
{
    public required int Clients { get; init; }
    public required TimeSpan Warmup { get; init; }
    public required TimeSpan Measure { get; init; }

    /// <summary>Wait Retry-After after a 429/503 (a well-behaved exporter) instead of sending the next batch at once.</summary>
    public required bool HonourRetryAfter { get; init; }

    /// <summary>Upper bound on requests per client, whatever the duration.</summary>
    public int MaxRequestsPerClient { get; init; } = 1_000_000;
}

/// <summary>What a load phase measured, over the requests started inside the measured window.</summary>
internal sealed record LoadResult
{
    public required TimeSpan Window { get; init; }
    public required long Requests { get; init; }
    public required long Acknowledged { get; init; }
    public required long AcknowledgedSpans { get; init; }
    public required long Refused429 { get; init; }
    public required long Unavailable503 { get; init; }
    public required long OtherFailures { get; init; }
    public required string? FirstFailure { get; init; }

    /// <summary>Acknowledgement latencies (HTTP 200 only), ascending, in ms.</summary>
    public required double[] AckLatenciesMs { get; init; }

    /// <summary>Latencies of 429 answers, ascending, in ms.</summary>
    public required double[] RefusalLatenciesMs { get; init; }

    public double SpansPerSecond => AcknowledgedSpans / Window.TotalSeconds;
}

/// <summary>
/// C concurrent OTLP/HTTP clients, each posting application/x-protobuf to <c>/v1/traces</c> one
/// request at a time (as an SDK's batch exporter does), for a warm-up and then a measured window.
/// Only HTTP 200 counts as acknowledged; 429 and 503 are counted apart.
/// </summary>
internal sealed class LoadRunner(HttpClient http, Uri endpoint, IReadOnlyList<BatchTemplate> templates, SpanSequence ids)
{
    private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");

    public async Task<LoadResult> RunAsync(LoadPlan plan, CancellationToken cancellationToken)
    {
        var begin = Stopwatch.GetTimestamp();
        var measureFrom = begin + (long)(plan.Warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(plan.Measure.TotalSeconds * Stopwatch.Frequency);
        var clients = Enumerable.Range(0, plan.Clients)
            .Select(i => Task.Run(() => ClientAsync(i, plan, measureFrom, end, cancellationToken), cancellationToken))
            .ToArray();
        var results = await Task.WhenAll(clients);

        var lastDone = results.Select(r => r.LastDone).DefaultIfEmpty(end).Max();
        return new LoadResult
        {
            Window = Stopwatch.GetElapsedTime(measureFrom, Math.Max(end, lastDone)),
            Requests = results.Sum(r => r.Requests),
            Acknowledged = results.Sum(r => r.Acked),
            AcknowledgedSpans = results.Sum(r => r.AckedSpans),
            Refused429 = results.Sum(r => r.Refused),
            Unavailable503 = results.Sum(r => r.Unavailable),
            OtherFailures = results.Sum(r => r.Other),
            FirstFailure = results.Select(r => r.FirstFailure).FirstOrDefault(f => f is not null),
            AckLatenciesMs = Percentiles.Sorted(results.SelectMany(r => r.AckLatencies)),
            RefusalLatenciesMs = Percentiles.Sorted(results.SelectMany(r => r.RefusalLatencies)),
        };
    }

    private async Task<ClientTally> ClientAsync(int index, LoadPlan plan, long measureFrom, long end, CancellationToken cancellationToken)
    {
        var tally = new ClientTally();
        var buffer = new byte[templates.Max(t => t.Length)];
        var next = index;
        for (var sent = 0; sent < plan.MaxRequestsPerClient && !cancellationToken.IsCancellationRequested; sent++)
        {
            var started = Stopwatch.GetTimestamp();
            if (started >= end)
            {
                break;
            }

            var template = templates[next % templates.Count];
            next += plan.Clients;
            template.WriteInto(buffer, ids.Take(template.SpanCount), ids.RunNonce, (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100);
            using var content = new ByteArrayContent(buffer, 0, template.Length);
            content.Headers.ContentType = Protobuf;

            HttpStatusCode? status = null;
            TimeSpan retryAfter = TimeSpan.FromSeconds(1);
            string? failure = null;
            try
            {
                using var response = await http.PostAsync(endpoint, content, cancellationToken);
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                status = response.StatusCode;
                retryAfter = response.Headers.RetryAfter?.Delta ?? retryAfter;
                if (status is not (HttpStatusCode.OK or HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
                {
                    failure = $"HTTP {(int)response.StatusCode}";
                }
            }
            catch (HttpRequestException ex)
            {
                failure = ex.Message;
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = "timeout: " + ex.Message;
            }

            var done = Stopwatch.GetTimestamp();
            var measured = started >= measureFrom;
            if (measured)
            {
                tally.Record(status, template.SpanCount, Stopwatch.GetElapsedTime(started, done).TotalMilliseconds, failure, done);
            }

            if (plan.HonourRetryAfter && status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                var remaining = Stopwatch.GetElapsedTime(done, end);
                if (remaining > TimeSpan.Zero)
                {
                    await Task.Delay(retryAfter < remaining ? retryAfter : remaining, cancellationToken);
                }
            }
        }

        return tally;
    }

    private sealed class ClientTally
    {
        public long Requests { get; private set; }
        public long Acked { get; private set; }
        public long AckedSpans { get; private set; }
        public long Refused { get; private set; }
        public long Unavailable { get; private set; }
        public long Other { get; private set; }
        public long LastDone { get; private set; }
        public string? FirstFailure { get; private set; }
        public List<double> AckLatencies { get; } = [];
        public List<double> RefusalLatencies { get; } = [];

        public void Record(HttpStatusCode? status, int spans, double latencyMs, string? failure, long done)
        {
            Requests++;
            LastDone = Math.Max(LastDone, done);
            switch (status)
            {
                case HttpStatusCode.OK:
                    Acked++;
                    AckedSpans += spans;
                    AckLatencies.Add(latencyMs);
                    break;
                case HttpStatusCode.TooManyRequests:
                    Refused++;
                    RefusalLatencies.Add(latencyMs);
                    break;
                case HttpStatusCode.ServiceUnavailable:
                    Unavailable++;
                    break;
                default:
                    Other++;
                    FirstFailure ??= failure;
                    break;
            }
        }
    }
}

/// <summary>Hands out unique span sequence numbers (ids) across all clients of a run.</summary>
internal sealed class SpanSequence(ulong runNonce)
{
    private long _next;

    public ulong RunNonce { get; } = runNonce;

    /// <summary>Reserves <paramref name="count"/> consecutive numbers and returns the first (≥ 1).</summary>
    public long Take(int count) => Interlocked.Add(ref _next, count) - count + 1;

    public long Taken => Interlocked.Read(ref _next);
}
