namespace Vigil.Server.Evaluation;

/// <summary>vigil.yaml's <c>evaluation:</c> section: how often online evaluation runs, and what it scores.</summary>
public sealed record EvaluationSettings
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The features scored online; none by default (the evaluator then does nothing).</summary>
    public IReadOnlyList<OnlineFeatureSettings> Online { get; init; } = [];

    /// <summary>How offline runs call their target (<c>evaluation.offline</c>).</summary>
    public OfflineEvaluationSettings Offline { get; init; } = new();
}

/// <summary>
/// vigil.yaml's <c>evaluation.offline:</c> — the OpenAI-compatible endpoint offline runs call (the
/// gateway, a provider, a local model server), the environment variable holding its key, and limits.
/// The key goes only to this endpoint: a run request naming another endpoint calls it without a key.
/// </summary>
public sealed record OfflineEvaluationSettings
{
    public Uri? Endpoint { get; init; }

    public string ApiKeyEnv { get; init; } = "OPENAI_API_KEY";

    /// <summary>Per attempt of a call to the target (a call is retried twice on 408, 429 and 5xx).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Calls in flight at once.</summary>
    public int Concurrency { get; init; } = 4;
}

/// <summary>One feature scored online: which share of its traces, the minimum per stratum, and its scorers.</summary>
public sealed record OnlineFeatureSettings
{
    public required string Feature { get; init; }

    /// <summary>The share of the feature's traces scored, chosen by a hash of the trace id (deterministic).</summary>
    public double SampleRate { get; init; } = 0.1;

    /// <summary>Traces scored at least per hour in each (release, segment) stratum, when it has that many.</summary>
    public int MinPerStratum { get; init; }

    public required IReadOnlyList<OnlineScorerSettings> Scorers { get; init; }
}

/// <summary>A scorer by name (<see cref="Evals.ScorerFactory"/>) and its options.</summary>
public sealed record OnlineScorerSettings(string Name, IReadOnlyDictionary<string, object?> Options);
