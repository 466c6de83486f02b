namespace Vigil.Server.Evaluation;

/// <summary>vigil.yaml's <c>evaluation:</c> section: how often online evaluation runs, and what it scores.</summary>
public sealed record EvaluationSettings
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The features scored online; none by default (the evaluator then does nothing).</summary>
    public IReadOnlyList<OnlineFeatureSettings> Online { get; init; } = [];
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
