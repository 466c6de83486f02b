namespace Vigil.Core.Spans;

/// <summary>
/// One span as Vigil stores it: the OTLP span mapped onto the GenAI semantic conventions and
/// Vigil's attribution attributes, with its cost computed at ingestion.
/// </summary>
public sealed record Span
{
    public required string ProjectId { get; init; }

    /// <summary>32 lower-case hex characters.</summary>
    public required string TraceId { get; init; }

    /// <summary>16 lower-case hex characters.</summary>
    public required string SpanId { get; init; }

    /// <summary>16 lower-case hex characters, or null for a root span.</summary>
    public string? ParentSpanId { get; init; }

    public required string Name { get; init; }
    public SpanKind Kind { get; init; }

    /// <summary>Start time in nanoseconds since the Unix epoch, as OTLP carries it.</summary>
    public required long StartUnixNano { get; init; }

    /// <summary>Duration in nanoseconds (end − start, never negative).</summary>
    public long DurationNano { get; init; }

    public SpanStatus Status { get; init; }
    public string? StatusMessage { get; init; }

    /// <summary><c>error.type</c>, or the status message's class when the span failed without one.</summary>
    public string? ErrorType { get; init; }

    /// <summary><c>service.name</c> of the resource.</summary>
    public required string Service { get; init; }

    /// <summary><c>vigil.feature</c>, falling back to <see cref="Service"/>.</summary>
    public required string Feature { get; init; }

    public string? Team { get; init; }
    public string? UserId { get; init; }
    public string? SessionId { get; init; }
    public string? ConversationId { get; init; }
    public string? Environment { get; init; }
    public string? Segment { get; init; }

    /// <summary><c>gen_ai.operation.name</c>: chat, embeddings, retrieval, rerank, execute_tool, invoke_agent, …</summary>
    public string? Operation { get; init; }

    /// <summary>One of <see cref="Stages"/>: from <c>vigil.stage</c>, else derived from the operation.</summary>
    public string? Stage { get; init; }

    /// <summary><c>gen_ai.provider.name</c> (or the deprecated <c>gen_ai.system</c>).</summary>
    public string? Provider { get; init; }

    public string? RequestModel { get; init; }
    public string? ResponseModel { get; init; }

    /// <summary>The model that served the call: the response model when reported, else the requested one.</summary>
    public string? Model => ResponseModel ?? RequestModel;

    public string? Release { get; init; }
    public string? PromptVersion { get; init; }
    public string? IndexVersion { get; init; }
    public string? RoutingVersion { get; init; }

    public TokenUsage Usage { get; init; } = TokenUsage.None;

    /// <summary>Cost in USD computed by Vigil from the price catalog; null when not priced.</summary>
    public decimal? Cost { get; init; }

    /// <summary>The cost the span reported itself (for example from a gateway or SDK), in USD.</summary>
    public decimal? ReportedCost { get; init; }

    public PricingStatus Pricing { get; init; }

    /// <summary>Whether the call was served from a cache; null when unknown.</summary>
    public bool? CacheHit { get; init; }

    public IReadOnlyList<string> FinishReasons { get; init; } = [];

    /// <summary>Input content (opt-in capture; truncated to the configured limit).</summary>
    public string? InputContent { get; init; }

    /// <summary>Output content (opt-in capture; truncated to the configured limit).</summary>
    public string? OutputContent { get; init; }

    /// <summary>Attributes not mapped to a field above, values rendered as strings (arrays and maps as JSON).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = EmptyAttributes;

    public double DurationMs => DurationNano / 1_000_000.0;

    public DateTimeOffset StartTime => DateTimeOffset.UnixEpoch.AddTicks(StartUnixNano / 100);

    private static readonly IReadOnlyDictionary<string, string> EmptyAttributes = new Dictionary<string, string>();
}
