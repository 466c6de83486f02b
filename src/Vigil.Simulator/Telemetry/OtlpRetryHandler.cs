using System.Globalization;
using System.Net;
using System.Text;
using Google.Protobuf;

namespace Vigil.Simulator.Telemetry;

/// <summary>
/// The HTTP pipeline of <see cref="OtlpSdkSink"/>, under both the OpenTelemetry SDK's exporter and
/// the metric posts: when Vigil answers 429 or 503 (its write queue is full, or it is starting), it
/// waits as long as <c>Retry-After</c> says (else backs off from 100 ms to 5 s) and sends the same
/// request again, until <see cref="RetryBudget"/> is spent; then it returns the last answer. Every
/// refusal is kept in <see cref="LastFailure"/>, since the SDK's exporter reports only that an
/// export failed. Retries wait on real time: Vigil drains its queue at the store's pace, whatever the
/// simulated clock says. The OpenTelemetry exporter sends synchronously, so both paths are implemented.
/// </summary>
internal sealed class OtlpRetryHandler : DelegatingHandler
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>Longest single wait, whatever <c>Retry-After</c> asks for.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private const int MaxMessageLength = 500;

    private readonly TimeProvider _time;
    private string? _lastFailure;

    public OtlpRetryHandler(HttpMessageHandler transport, TimeProvider time, TimeSpan retryBudget)
        : base(transport)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryBudget, TimeSpan.Zero);
        _time = time;
        RetryBudget = retryBudget;
    }

    /// <summary>How long, in all, a request may wait for Vigil to take it.</summary>
    public TimeSpan RetryBudget { get; }

    /// <summary>The last refusal or transport error since <see cref="ForgetFailures"/>, as "POST url: 429 Too Many Requests: message".</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>Clears <see cref="LastFailure"/>, so that a refusal retried away earlier does not explain a later failure.</summary>
    public void ForgetFailures() => Volatile.Write(ref _lastFailure, null);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var response = Attempt(() => base.Send(request, cancellationToken), request);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            // The exporter never reads the body; read it here (buffered, so callers still can).
            var message = DescribeAsync(response, cancellationToken).GetAwaiter().GetResult();
            if (Delay(request, response, message, attempt, started) is not { } delay)
            {
                return response;
            }

            response.Dispose();
            Task.Delay(delay, _time, cancellationToken).GetAwaiter().GetResult();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var response = await AttemptAsync(() => base.SendAsync(request, cancellationToken), request).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            var message = await DescribeAsync(response, cancellationToken).ConfigureAwait(false);
            if (Delay(request, response, message, attempt, started) is not { } delay)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private HttpResponseMessage Attempt(Func<HttpResponseMessage> send, HttpRequestMessage request)
    {
        try
        {
            return send();
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            Record(request, ex.Message);
            throw;
        }
    }

    private async Task<HttpResponseMessage> AttemptAsync(Func<Task<HttpResponseMessage>> send, HttpRequestMessage request)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            Record(request, ex.Message);
            throw;
        }
    }

    /// <summary>How long to wait before sending again, or null to give the answer back as it is.</summary>
    private TimeSpan? Delay(HttpRequestMessage request, HttpResponseMessage response, string message, int attempt, long started)
    {
        Record(request, message);
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
        {
            return null;
        }

        var delay = RetryAfter(response) ?? Backoff(attempt);
        return _time.GetElapsedTime(started) + delay > RetryBudget ? null : delay;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);
        if (delay is not { } wait)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
    }

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(attempt, 16)));

    private void Record(HttpRequestMessage request, string message) =>
        Volatile.Write(ref _lastFailure, $"{request.Method} {request.RequestUri}: {message}");

    /// <summary>"429 Too Many Requests: the message" — Vigil's <c>google.rpc.Status</c> message, or the body's start.</summary>
    public static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {response.ReasonPhrase}");
        byte[] body;
        try
        {
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return status;
        }

        var text = MessageOf(body, response.Content.Headers.ContentType?.MediaType);
        return string.IsNullOrWhiteSpace(text) ? status : $"{status}: {Truncate(text.Trim())}";
    }

    private static string? MessageOf(byte[] body, string? mediaType)
    {
        if (body.Length == 0)
        {
            return null;
        }

        if (string.Equals(mediaType, "application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return Google.Rpc.Status.Parser.ParseFrom(body).Message;
            }
            catch (InvalidProtocolBufferException)
            {
                return null;
            }
        }

        return Encoding.UTF8.GetString(body);
    }

    private static string Truncate(string text) => text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + "…";
}
