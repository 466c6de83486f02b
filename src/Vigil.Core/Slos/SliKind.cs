namespace Vigil.Core.Slos;

/// <summary>What an SLI counts as one event, and when that event is good.</summary>
public enum SliKind
{
    /// <summary>An evaluated response; good when its score is at least the threshold.</summary>
    Quality,

    /// <summary>A task (a trace rooted in the feature); good when its total cost is at most the band.</summary>
    CostPerTask,

    /// <summary>An evaluated response of a citation or schema check; good when the check passed.</summary>
    Hallucination,

    /// <summary>A span (a stage, or the root span end to end); good when it finished within the threshold.</summary>
    Latency,

    /// <summary>A cacheable call (one that reports whether it hit the cache); good when served from cache.</summary>
    CacheHit,

    /// <summary>A call; good when it did not fail.</summary>
    Availability,

    /// <summary>Any span the scope selects; good when it also matches the good-event conditions.</summary>
    Ratio,
}
