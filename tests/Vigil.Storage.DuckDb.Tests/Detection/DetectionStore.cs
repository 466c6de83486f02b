using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Storage.Contracts;

namespace Vigil.Storage.DuckDb.Tests.Detection;

/// <summary>
/// A telemetry store on a DuckDB file in a temp directory, with builders for the spans detectors read: roots
/// (no operation, no usage) and LLM calls (operation set). <see cref="T0"/> is hour-aligned.
/// </summary>
public abstract class DetectionStore : IDisposable
{
    protected static readonly DateTimeOffset T0 = TestSpans.T0;
    protected static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDirectory _directory = new();
    private readonly DuckDbDatabase _database;

    protected DetectionStore()
    {
        _database = DuckDbDatabase.Open(_directory.Path, new FakeTimeProvider(T0.AddDays(3)));
        Store = new DuckDbTelemetryStore(_database, new DuckDbStoreOptions { CompactEveryBatches = 0 });
    }

    protected DuckDbTelemetryStore Store { get; }

    protected TestSpans Spans { get; } = new();

    /// <summary>The hour from <see cref="T0"/>.</summary>
    protected static TimeRange FirstHour { get; } = new(T0, T0.AddHours(1));

    public void Dispose()
    {
        _database.Dispose();
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    protected Task AppendAsync(params Span[] spans) => Store.AppendAsync(new TelemetryBatch { Spans = spans }, None);

    protected Task AppendAsync(params EvaluationResult[] evaluations) => Store.AppendAsync(new TelemetryBatch { Evaluations = evaluations }, None);

    protected Task AppendAsync(params MetricPoint[] metrics) => Store.AppendAsync(new TelemetryBatch { Metrics = metrics }, None);

    /// <summary>A root span (SERVER, end to end) with no operation, model or usage.</summary>
    protected Span Root(string traceId, DateTimeOffset start, double durationMs = 100, string feature = "chat", string project = "p1") =>
        Spans.Span(project, traceId, null, start, durationMs, feature, stage: Stages.EndToEnd, name: "POST /ask") with
        {
            Kind = SpanKind.Server,
            Provider = null,
            RequestModel = null,
            Usage = TokenUsage.None,
            Cost = null,
            Pricing = PricingStatus.NotApplicable,
        };

    /// <summary>A child span with the operation given (chat by default), provider openai, model gpt-4o, 100 in, 50 out, $0.01.</summary>
    protected Span Call(
        string traceId, DateTimeOffset start, string? operation = "chat", double durationMs = 100, string feature = "chat",
        string? model = "gpt-4o", string? provider = "openai", decimal? cost = 0.01m, long input = 100, long output = 50,
        string project = "p1", string parentSpanId = "root") =>
        Spans.Span(project, traceId, parentSpanId, start, durationMs, feature, model: model, provider: provider, cost: cost, input: input, output: output) with
        {
            Operation = operation,
        };

    protected static EvaluationResult Evaluation(string traceId, string name, double? score, DateTimeOffset? time = null, string project = "p1") => new()
    {
        ProjectId = project,
        TraceId = traceId,
        Name = name,
        ScoreValue = score,
        Source = EvaluationResult.OtlpSource,
        TimeUnixNano = TestSpans.Nanos(time ?? T0),
        Feature = "chat",
    };
}
