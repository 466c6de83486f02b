namespace Vigil.Core.Releases;

/// <summary>The four axes of a release that can change, and be rolled back, on their own.</summary>
public enum ReleaseAxis
{
    Model,
    Prompt,
    Index,
    Routing,
}

/// <summary>The model axis: which provider's model the feature's prompt is written for, with its parameters.</summary>
/// <param name="Parameters">Sampling parameters as given (temperature, max_tokens, top_p, …), values as text.</param>
public sealed record ModelAxis(string Provider, string Model, IReadOnlyDictionary<string, string> Parameters)
{
    public ModelAxis(string provider, string model)
        : this(provider, model, new SortedDictionary<string, string>(StringComparer.Ordinal))
    {
    }

    /// <summary>"provider/model".</summary>
    public string Version => $"{Provider}/{Model}";

    public bool Equals(ModelAxis? other) =>
        other is not null && Provider == other.Provider && Model == other.Model
        && Parameters.Count == other.Parameters.Count
        && Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var v) && v == p.Value);

    public override int GetHashCode() => HashCode.Combine(Provider, Model, Parameters.Count);
}

/// <summary>The prompt axis: a versioned template (Handlebars-style <c>{{variable}}</c> placeholders).</summary>
public sealed record PromptAxis(string Version, string Template);

/// <summary>The index axis of a retrieval feature: which index, at which version.</summary>
public sealed record IndexAxis(string Name, string Version)
{
    /// <summary>"name@version", as spans carry it in <c>vigil.index.version</c>.</summary>
    public override string ToString() => $"{Name}@{Version}";
}

/// <summary>A provider and model calls can be routed to; <see cref="Weight"/> splits traffic among primaries.</summary>
public sealed record RouteTarget(string Provider, string Model, double Weight = 1)
{
    public override string ToString() => Weight == 1 ? $"{Provider}/{Model}" : $"{Provider}/{Model}×{Weight:0.###}";
}

/// <summary>The routing axis: weighted primaries, then fallbacks in order.</summary>
public sealed record RoutingAxis(string Version, IReadOnlyList<RouteTarget> Primaries, IReadOnlyList<RouteTarget> Fallbacks)
{
    public bool Equals(RoutingAxis? other) =>
        other is not null && Version == other.Version && Primaries.SequenceEqual(other.Primaries) && Fallbacks.SequenceEqual(other.Fallbacks);

    public override int GetHashCode() => HashCode.Combine(Version, Primaries.Count, Fallbacks.Count);

    public override string ToString() =>
        $"{Version}: {string.Join(", ", Primaries)}" + (Fallbacks.Count == 0 ? "" : $" → {string.Join(" → ", Fallbacks)}");
}
