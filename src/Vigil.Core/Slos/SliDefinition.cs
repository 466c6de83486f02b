namespace Vigil.Core.Slos;

/// <summary>
/// A service-level indicator: which events it counts (<see cref="Kind"/> within <see cref="Scope"/>)
/// and when one is good. Only the parameters of its kind are set; <see cref="Validate"/> says which.
/// </summary>
public sealed record SliDefinition
{
    /// <summary>The evaluations a hallucination SLI reads when none are named: Vigil's citation and schema checks.</summary>
    public static readonly IReadOnlyList<string> DefaultHallucinationChecks = ["citation_accuracy", "schema_compliance"];

    public required SliKind Kind { get; init; }
    public required SliScope Scope { get; init; }

    /// <summary>Latency: a span is good when it took at most this long.</summary>
    public TimeSpan? LatencyThreshold { get; init; }

    /// <summary>Cost per task: a task is good when it cost at most this many USD.</summary>
    public decimal? CostThreshold { get; init; }

    /// <summary>Quality: a response is good when scored at least this. Hallucination: the passing score when no pass/fail label is given.</summary>
    public double? ScoreThreshold { get; init; }

    /// <summary>Quality and hallucination: the evaluation names counted (quality: empty means every scored evaluation).</summary>
    public IReadOnlyList<string> Evaluations { get; init; } = [];

    /// <summary>Ratio: what makes a selected span good.</summary>
    public GoodSpanCondition? Good { get; init; }

    /// <summary>
    /// Whether only root spans count: when asked, and for latency, availability and cache hits that are
    /// not narrowed to a stage, operation, provider or model — those measure the feature's requests end
    /// to end (a cached request says so on its root span).
    /// </summary>
    public bool RootOnly =>
        Scope.RootOnly
        || (Kind is SliKind.Latency or SliKind.Availability or SliKind.CostPerTask or SliKind.CacheHit
            && Scope.Stage is null && Scope.Operation is null && Scope.Provider is null && Scope.Model is null);

    /// <summary>The evaluation names a quality or hallucination SLI reads.</summary>
    public IReadOnlyList<string> EvaluationNames =>
        Kind == SliKind.Hallucination && Evaluations.Count == 0 ? DefaultHallucinationChecks : Evaluations;

    /// <summary>Every problem with the parameters, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Scope.Feature))
        {
            errors.Add("feature: required");
        }

        switch (Kind)
        {
            case SliKind.Latency when LatencyThreshold is not { } latency || latency <= TimeSpan.Zero:
                errors.Add("threshold: a latency SLI needs a positive duration, e.g. 2s");
                break;
            case SliKind.CostPerTask when CostThreshold is not { } cost || cost <= 0:
                errors.Add("threshold: a cost-per-task SLI needs a positive amount in USD, e.g. 0.05");
                break;
            case SliKind.Quality when ScoreThreshold is not { } score || double.IsNaN(score):
                errors.Add("threshold: a quality SLI needs the passing score, e.g. 0.7");
                break;
            case SliKind.Ratio when Good is null || Good.IsEmpty:
                errors.Add("good: a ratio SLI needs at least one good-event condition (ok, maxDuration, maxCost or cacheHit)");
                break;
        }

        return errors;
    }
}

/// <summary>The conditions a span must meet to be a good event of a ratio SLI (all that are set).</summary>
public sealed record GoodSpanCondition
{
    /// <summary>True: the span did not fail; false: it failed.</summary>
    public bool? Ok { get; init; }

    public TimeSpan? MaxDuration { get; init; }
    public decimal? MaxCost { get; init; }
    public bool? CacheHit { get; init; }

    public bool IsEmpty => Ok is null && MaxDuration is null && MaxCost is null && CacheHit is null;
}
