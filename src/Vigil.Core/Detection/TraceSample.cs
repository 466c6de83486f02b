namespace Vigil.Core.Detection;

/// <summary>
/// One trace of a feature, as drift compares traces: what the feature received and answered — the root's input
/// (else the first retrieval's query, else the first LLM call's input) and output (else the first LLM call's), as
/// stored (message JSON or text; null when content was not captured) — the trace's summed tokens and cost, the root's duration,
/// and the first LLM call's model and first finish reason.
/// </summary>
public sealed record TraceSample(
    string TraceId, DateTimeOffset Start, string? Input, string? Output,
    long InputTokens, long OutputTokens, double CostUsd, double DurationMs, string? Model, string? FinishReason)
{
    /// <summary>The distinct names of the trace's tool calls, sorted and comma-separated (null: no tool call).</summary>
    public string? Tools { get; init; }

    /// <summary>The mean of each evaluation on the trace, by evaluation name (online scores, feedback).</summary>
    public IReadOnlyDictionary<string, double> Scores { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);
}
