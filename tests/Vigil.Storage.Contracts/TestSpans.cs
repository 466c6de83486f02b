using System.Globalization;
using Vigil.Core.Spans;

namespace Vigil.Storage.Contracts;

/// <summary>Builds spans for contract tests with deterministic ids.</summary>
public sealed class TestSpans
{
    /// <summary>A minute- and hour-aligned instant that every contract test starts from.</summary>
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private long _next;

    public string NewTraceId() => (++_next).ToString("x32", CultureInfo.InvariantCulture);

    public string NewSpanId() => (++_next).ToString("x16", CultureInfo.InvariantCulture);

    public static long Nanos(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>A root LLM call span with sensible defaults.</summary>
    public Span Span(
        string project = "p1",
        string? traceId = null,
        string? parentSpanId = null,
        DateTimeOffset? start = null,
        double durationMs = 100,
        string feature = "chat",
        string? team = "core",
        string? model = "gpt-4o",
        string? provider = "openai",
        string? release = "r1",
        string? stage = Stages.Generation,
        string? userId = null,
        SpanStatus status = SpanStatus.Ok,
        decimal? cost = 0.01m,
        PricingStatus? pricing = null,
        long input = 100,
        long output = 50,
        string name = "chat gpt-4o") => new()
        {
            ProjectId = project,
            TraceId = traceId ?? NewTraceId(),
            SpanId = NewSpanId(),
            ParentSpanId = parentSpanId,
            Name = name,
            Kind = SpanKind.Client,
            StartUnixNano = Nanos(start ?? T0),
            DurationNano = (long)Math.Round(durationMs * 1_000_000),
            Status = status,
            Service = "svc",
            Feature = feature,
            Team = team,
            UserId = userId,
            Stage = stage,
            Provider = provider,
            RequestModel = model,
            Release = release,
            Usage = new TokenUsage { Input = input, Output = output },
            Cost = cost,
            Pricing = pricing ?? (cost is null ? PricingStatus.Unpriced : PricingStatus.Priced),
        };

    /// <summary>A span with every field set to a non-default value.</summary>
    public Span FullyPopulated(string project, string traceId, string parentSpanId) => new()
    {
        ProjectId = project,
        TraceId = traceId,
        SpanId = NewSpanId(),
        ParentSpanId = parentSpanId,
        Name = "chat claude-sonnet",
        Kind = SpanKind.Producer,
        StartUnixNano = Nanos(T0) + 123_456_789,
        DurationNano = 987_654_321,
        Status = SpanStatus.Error,
        StatusMessage = "rate limited: try again",
        ErrorType = "RateLimitError",
        Service = "support-api",
        Feature = "support-bot",
        Team = "care",
        UserId = "user-42",
        SessionId = "sess-7",
        ConversationId = "conv-9",
        Environment = "prod",
        Segment = "enterprise",
        Operation = "chat",
        Stage = Stages.Generation,
        Provider = "anthropic",
        RequestModel = "claude-sonnet-4",
        ResponseModel = "claude-sonnet-4-20250514",
        Release = "2025.03.1",
        PromptVersion = "prompt-v3",
        IndexVersion = "idx-12",
        RoutingVersion = "route-2",
        Usage = new TokenUsage { Input = 1200, Output = 340, CacheRead = 800, CacheWrite = 100, Reasoning = 40 },
        Cost = 0.0123456789m,
        ReportedCost = 0.0125m,
        Pricing = PricingStatus.Priced,
        CacheHit = true,
        FinishReasons = ["stop", "length"],
        InputContent = "What is my order status? ünïcødé ✓",
        OutputContent = "It shipped yesterday.\n\"quoted\"",
        Attributes = new Dictionary<string, string>
        {
            ["gen_ai.request.temperature"] = "0.2",
            ["custom.tags"] = "[\"a\",\"b\"]",
            ["empty"] = string.Empty,
        },
    };
}
