using Vigil.Core.Evals;

namespace Vigil.Evals.Runs;

/// <summary>
/// How <see cref="ChatCompletionTarget"/> calls an OpenAI-compatible chat-completions endpoint.
/// <see cref="Parameters"/> are sampling parameters by their wire names, values as text read with the
/// invariant culture: <c>temperature</c>, <c>top_p</c>, <c>max_tokens</c> (sent as <c>max_tokens</c>, what
/// most compatible servers read), <c>max_output_tokens</c> (sent as OpenAI's current
/// <c>max_completion_tokens</c>), <c>seed</c>, <c>frequency_penalty</c> and <c>presence_penalty</c>. An unknown name or a malformed value is an
/// <see cref="ArgumentException"/> naming the parameter when the target is created.
/// </summary>
public sealed record ChatTargetOptions
{
    /// <summary>The URL before <c>/chat/completions</c>, e.g. <c>http://localhost:8080/v1</c>.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Sent as the bearer token; local servers accept any non-empty value.</summary>
    public required string ApiKey { get; init; }

    public required string Model { get; init; }

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The system message for an item (the release's rendered prompt template), or null for none.</summary>
    public Func<DatasetItem, string?> SystemPrompt { get; init; } = static _ => null;

    /// <summary>Extra request headers, e.g. <c>x-vigil-feature</c>, sent with every call.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after a 408, 429, 5xx or a network failure, with the SDK's back-off (honouring Retry-After).</summary>
    public int MaxRetries { get; init; } = 2;
}
