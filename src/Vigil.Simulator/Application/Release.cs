namespace Vigil.Simulator.Application;

/// <summary>A provider and one of its models.</summary>
public sealed record Route(string Provider, string Model);

/// <summary>The prompt axis of a release. The quality and token effects are the simulator's ground truth, never emitted.</summary>
public sealed record PromptAxis(string Version, double QualityDrop = 0, double InputTokenFactor = 1);

/// <summary>The index axis of a release (RAG features only); the citation error rate is ground truth, never emitted.</summary>
public sealed record IndexAxis(string Name, string Version, double CitationErrorRate = 0);

/// <summary>The routing axis: where calls go first and where they fail over to.</summary>
public sealed record RoutingAxis(string Version, Route Primary, Route? Fallback);

/// <summary>
/// One release of a feature: its four axes (model, prompt, index, routing). The model axis names the
/// model the prompt was written for; the routing axis says which provider serves it (and may send
/// traffic to another model, as a misconfiguration does).
/// </summary>
public sealed record Release(string Feature, string Id, Route Model, PromptAxis Prompt, IndexAxis? Index, RoutingAxis Routing, double ModelQualityDrop = 0)
{
    /// <summary>The route a call takes first.</summary>
    public Route Primary => Routing.Primary;
}

/// <summary>A release becoming active: a deploy marker on the timeline.</summary>
public sealed record Deploy(DateTimeOffset At, Release Release, string Reason);

/// <summary>The releases the application starts with, one per feature.</summary>
public static class InitialReleases
{
    public static IReadOnlyList<Release> All { get; } =
    [
        new("support-chat", "support-chat-r1", new("openai", "gpt-4o"), new("p3"), new(Catalog.SupportIndex, "v12"),
            new("rt1", new("openai", "gpt-4o"), new("anthropic", "claude-sonnet-4"))),
        new("summarize", "summarize-r1", new("openai", "gpt-4o-mini"), new("p2"), null,
            new("rt1", new("openai", "gpt-4o-mini"), new("anthropic", "claude-3-5-haiku"))),
        new("extract-invoice", "extract-invoice-r1", new("anthropic", "claude-sonnet-4"), new("p5"), null,
            new("rt1", new("anthropic", "claude-sonnet-4"), new("openai", "gpt-4o"))),
        new("research-agent", "research-agent-r1", new("openai", "gpt-4o"), new("p1"), null,
            new("rt1", new("openai", "gpt-4o"), new("anthropic", "claude-sonnet-4"))),
    ];
}
