using System.Diagnostics;
using System.Net.Http.Headers;
using Google.Protobuf;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Vigil.Simulator.Telemetry;

/// <summary>
/// The application's telemetry as a real application sends it: traces through the OpenTelemetry
/// .NET SDK (a <see cref="TracerProvider"/> with its own <see cref="ActivitySource"/>
/// <c>vigil.simulator</c>, the resource <c>service.name = acme</c>,
/// <c>deployment.environment.name = production</c>, and the OTLP exporter over HTTP/protobuf to
/// <c>{baseUrl}/v1/traces</c>, with <c>Authorization: Bearer key</c> when a key is given).
/// <para>
/// Each simulated span becomes an <see cref="Activity"/> with the simulated start and end, kind,
/// attributes, events, and an Error status with its message. Trace ids are the simulated ones (a
/// root starts from a parent context that carries only the trace id). Span ids cannot be: the SDK
/// draws a random id for every activity, so each simulated id is mapped to the id its activity got,
/// and a child's parent context names that real id (a parent that is not in the trace keeps its
/// simulated id). So the stored spans equal those of <see cref="InProcessSink"/> except for span and
/// parent ids, and two more things the SDK cannot express: a zero-length span lasts one tick
/// (100 ns; <see cref="Activity.SetEndTime"/> never records less), and a status message on a span
/// that did not fail is dropped (OpenTelemetry keeps a description only with Error).
/// </para>
/// <para>
/// <see cref="SendAsync"/> returns once Vigil acknowledged the spans: they are exported per group of
/// about <see cref="InProcessSink.BatchSize"/> spans by <see cref="AcknowledgedExportProcessor"/>,
/// whose flush reports the export's result, and 429/503 answers are retried honouring
/// <c>Retry-After</c> for up to the retry budget; anything else throws.
/// </para>
/// <para>
/// Metrics do not go through the SDK: its <c>MeterProvider</c> stamps every point with the real
/// clock when it collects, so the simulated minute of an index gauge could not be carried. The
/// request the simulator built is posted as it is (<c>application/x-protobuf</c>) to
/// <c>{baseUrl}/v1/metrics</c>, with the same retries — the bytes an SDK would send, with the
/// simulated timestamps.
/// </para>
/// </summary>
public sealed class OtlpSdkSink : ITelemetrySink, IDisposable
{
    /// <summary>How long, in all, one export may wait out 429/503 answers before it fails.</summary>
    public static readonly TimeSpan DefaultRetryBudget = TimeSpan.FromMinutes(2);

    private const string ProtobufMediaType = "application/x-protobuf";

    private readonly ActivitySource _source;
    private readonly AcknowledgedExportProcessor _processor;
    private readonly TracerProvider _provider;
    private readonly OtlpRetryHandler _http;
    private readonly HttpClient _metricsClient;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string? _apiKey;
    private bool _disposed;

    /// <param name="baseUrl">The Vigil server's OTLP/HTTP address, for example <c>http://127.0.0.1:4318</c>.</param>
    /// <param name="apiKey">An API key with the <c>ingest</c> scope; null to send anonymously (loopback servers allow it).</param>
    public OtlpSdkSink(Uri baseUrl, string? apiKey = null)
        : this(baseUrl, apiKey, new SocketsHttpHandler(), TimeProvider.System, DefaultRetryBudget)
    {
    }

    /// <param name="transport">The handler that sends the HTTP requests (a stub in tests); disposed with the sink.</param>
    /// <param name="realTime">The clock retries wait on.</param>
    internal OtlpSdkSink(Uri baseUrl, string? apiKey, HttpMessageHandler transport, TimeProvider realTime, TimeSpan retryBudget)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{baseUrl}' is not an http(s) address", nameof(baseUrl));
        }

        // The exporter's Headers option is "name=value,name=value".
        if (apiKey is not null && (apiKey.Length == 0 || apiKey.AsSpan().IndexOfAny(",\r\n ") >= 0))
        {
            throw new ArgumentException("an API key is not empty and has no comma, space or line break", nameof(apiKey));
        }

        _apiKey = apiKey;
        TracesEndpoint = Signal(baseUrl, "v1/traces");
        MetricsEndpoint = Signal(baseUrl, "v1/metrics");
        _http = new OtlpRetryHandler(transport, realTime, retryBudget);
        _metricsClient = new HttpClient(_http, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _source = new ActivitySource(OtlpRequestBuilder.ScopeName);
        var exporter = new OtlpTraceExporter(new OtlpExporterOptions
        {
            Endpoint = TracesEndpoint,
            Protocol = OtlpExportProtocol.HttpProtobuf,
            Headers = apiKey is null ? null : $"Authorization=Bearer {apiKey}",
            TimeoutMilliseconds = (int)Math.Min(int.MaxValue, retryBudget.TotalMilliseconds),
            HttpClientFactory = () => new HttpClient(_http, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan },
        });
        _processor = new AcknowledgedExportProcessor(exporter, _source);
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(OtlpRequestBuilder.ScopeName)
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddAttributes(
            [
                new("service.name", Application.Catalog.Application),
                new("deployment.environment.name", "production"),
            ]))
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(_processor)
            .Build();
    }

    /// <summary>Where the SDK exports traces: <c>{baseUrl}/v1/traces</c>.</summary>
    public Uri TracesEndpoint { get; }

    /// <summary>Where metrics are posted: <c>{baseUrl}/v1/metrics</c>.</summary>
    public Uri MetricsEndpoint { get; }

    public async Task SendAsync(IReadOnlyList<SimTrace> traces, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var chunk in InProcessSink.Chunks(traces))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Emit(chunk);

                // The export runs on the flushing thread and sends synchronously: keep it off the caller's.
                _http.ForgetFailures();
                var acknowledged = await Task.Run(() => _provider.ForceFlush(Timeout.Infinite), CancellationToken.None)
                    .WaitAsync(cancellationToken).ConfigureAwait(false);
                if (!acknowledged)
                {
                    throw new InvalidOperationException(
                        $"Vigil did not acknowledge {_processor.LastExportCount} simulated spans exported through the OpenTelemetry SDK to {TracesEndpoint}: "
                        + (_http.LastFailure ?? "the exporter reported a failure (see the OpenTelemetry-Exporter-OpenTelemetryProtocol event source)"));
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task SendMetricsAsync(ExportMetricsServiceRequest metrics, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var request = new HttpRequestMessage(HttpMethod.Post, MetricsEndpoint) { Content = new ByteArrayContent(metrics.ToByteArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ProtobufMediaType);
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        using var response = await _metricsClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await OtlpRetryHandler.DescribeAsync(response, cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"Vigil refused simulated metrics posted to {MetricsEndpoint}: {problem}");
        }
    }

    /// <summary>Starts and stops one activity per span, parents before their children, on the simulated times.</summary>
    private void Emit(IEnumerable<SimTrace> traces)
    {
        // Parents are given explicitly; an ambient activity of the caller must not become one.
        Activity.Current = null;
        foreach (var trace in traces)
        {
            var byId = new Dictionary<string, SimSpan>(trace.Spans.Count, StringComparer.Ordinal);
            foreach (var span in trace.Spans)
            {
                byId.TryAdd(span.SpanId, span);
            }

            var real = new Dictionary<string, ActivitySpanId>(trace.Spans.Count, StringComparer.Ordinal);
            var started = new HashSet<string>(StringComparer.Ordinal);
            foreach (var span in trace.Spans)
            {
                Emit(span, byId, real, started);
            }
        }
    }

    private ActivitySpanId Emit(SimSpan span, Dictionary<string, SimSpan> byId, Dictionary<string, ActivitySpanId> real, HashSet<string> started)
    {
        if (real.TryGetValue(span.SpanId, out var done))
        {
            return done;
        }

        started.Add(span.SpanId);
        var traceId = ActivityTraceId.CreateFromString(span.TraceId);
        ActivitySpanId parentId = default;
        if (span.ParentSpanId is { } parent)
        {
            parentId = byId.TryGetValue(parent, out var parentSpan) && !started.Contains(parent)
                ? Emit(parentSpan, byId, real, started)
                : real.GetValueOrDefault(parent, ActivitySpanId.CreateFromString(parent));
        }

        // A context with the trace id and no span id: the activity gets that trace id and no parent.
        var context = new ActivityContext(traceId, parentId, ActivityTraceFlags.Recorded);
        var activity = _source.StartActivity(span.Kind, context, tags: null, links: null, startTime: span.Start, name: span.Name)
            ?? throw new InvalidOperationException($"the OpenTelemetry SDK did not record span '{span.Name}' of source '{_source.Name}'");
        foreach (var (key, value) in span.Attributes)
        {
            activity.AddTag(key, TagValue(value));
        }

        foreach (var e in span.Events)
        {
            activity.AddEvent(new ActivityEvent(e.Name, e.Time, new ActivityTagsCollection(e.Attributes.Select(a => KeyValuePair.Create(a.Key, TagValue(a.Value))))));
        }

        if (span.IsError)
        {
            activity.SetStatus(ActivityStatusCode.Error, span.StatusMessage);
        }

        activity.SetEndTime(span.End.UtcDateTime);
        activity.Stop();
        real[span.SpanId] = activity.SpanId;
        return activity.SpanId;
    }

    /// <summary>The attribute types <see cref="OtlpRequestBuilder"/> accepts, which the SDK's exporter writes as the same OTLP values.</summary>
    private static object? TagValue(object value) => value switch
    {
        string or bool or int or long or double or string[] => value,
        _ => throw new ArgumentException($"unsupported attribute value type {value.GetType().Name}", nameof(value)),
    };

    private static Uri Signal(Uri baseUrl, string path)
    {
        var text = baseUrl.AbsoluteUri;
        return new Uri(text.EndsWith('/') ? text + path : text + "/" + path);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _provider.Dispose();
        _source.Dispose();
        _metricsClient.Dispose();
        _http.Dispose();
        _gate.Dispose();
    }
}
