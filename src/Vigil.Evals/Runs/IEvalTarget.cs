using Vigil.Core.Evals;

namespace Vigil.Evals.Runs;

/// <summary>
/// What an offline run calls for every dataset item: a feature's release behind a chat-completions
/// endpoint (<see cref="ChatCompletionTarget"/>), or anything else that answers an input. A target
/// reports a failed call in <see cref="TargetReply.Error"/> and throws only when cancelled; it is called
/// from several threads at once.
/// </summary>
public interface IEvalTarget
{
    /// <summary>What is called, for people: <c>gpt-4o-mini at http://localhost:8080/v1</c>.</summary>
    string Description { get; }

    ValueTask<TargetReply> AnswerAsync(DatasetItem item, CancellationToken ct);
}

/// <summary>
/// A target's answer to one item: the output, or — when the call failed — a one-line reason
/// (<c>HTTP 429: Rate limit reached</c>), with the latency and token counts when known.
/// </summary>
public sealed record TargetReply(string? Output, string? Error, double? LatencyMs, int? InputTokens, int? OutputTokens)
{
    public static TargetReply Failed(string error, double? latencyMs = null) => new(null, error, latencyMs, null, null);
}
