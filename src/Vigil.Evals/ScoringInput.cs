namespace Vigil.Evals;

/// <summary>
/// One case to score: what the application was asked, what it answered, and what is known beside it
/// (the reference answer, the retrieved documents, cost and timings). Scorers read only what they need
/// and explain a missing piece in their <see cref="Score"/> rather than throwing.
/// </summary>
public sealed record ScoringInput
{
    /// <summary>The user's input (question, prompt or document) as the application received it.</summary>
    public required string Input { get; init; }

    /// <summary>The application's output: the text every scorer judges.</summary>
    public required string Output { get; init; }

    /// <summary>The expected or reference output, when the case has one.</summary>
    public string? Expected { get; init; }

    /// <summary>The documents retrieved for this answer, in retrieval order.</summary>
    public IReadOnlyList<ContextDocument> Context { get; init; } = [];

    /// <summary>Free-form attributes of the case (feature, release, trace id …); scorers do not interpret them.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    /// <summary>What producing the output cost, in USD; null when unknown.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>End-to-end latency in milliseconds; null when unknown.</summary>
    public double? LatencyMs { get; init; }

    /// <summary>Time to the first output token in milliseconds; null when unknown or not streamed.</summary>
    public double? TimeToFirstTokenMs { get; init; }

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>A retrieved document: its id (what an answer cites) and its text.</summary>
public sealed record ContextDocument(string Id, string Text);
