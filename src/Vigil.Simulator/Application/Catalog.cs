namespace Vigil.Simulator.Application;

/// <summary>The shape of a feature's request: what spans one request makes.</summary>
public enum FeatureKind
{
    /// <summary>Retrieval → rerank → generation; the answer cites retrieved document ids.</summary>
    Rag,

    /// <summary>One chat call.</summary>
    Chat,

    /// <summary>One chat call whose output is JSON that must validate against a schema.</summary>
    StructuredOutput,

    /// <summary>An agent loop: chat calls deciding on tool calls until done.</summary>
    Agent,
}

/// <summary>A feature of the simulated application and the team that owns it.</summary>
public sealed record Feature(string Name, string Team, FeatureKind Kind, double TrafficShare);

/// <summary>A model a provider serves, with the quality the simulator gives its answers (0–1).</summary>
public sealed record ModelSpec(string Provider, string Name, double Quality, double LatencyFactor);

/// <summary>
/// The fixed names of the simulated application <c>acme</c>: users' scenario files refer to them,
/// so they never change (more may be added).
/// </summary>
public static class Catalog
{
    public const string Application = "acme";
    public const string SupportIndex = "support-kb";

    public static IReadOnlyList<Feature> Features { get; } =
    [
        new("support-chat", "support", FeatureKind.Rag, 0.55),
        new("summarize", "content", FeatureKind.Chat, 0.20),
        new("extract-invoice", "finance", FeatureKind.StructuredOutput, 0.15),
        new("research-agent", "research", FeatureKind.Agent, 0.10),
    ];

    public static IReadOnlyList<ModelSpec> Models { get; } =
    [
        new("openai", "gpt-4o", 0.92, 1.0),
        new("openai", "gpt-4o-mini", 0.80, 0.6),
        new("anthropic", "claude-sonnet-4", 0.93, 1.1),
        new("anthropic", "claude-3-5-haiku", 0.78, 0.55),
    ];

    /// <summary>User segments: locales.</summary>
    public static IReadOnlyList<string> Segments { get; } = ["en", "de", "es", "ja"];

    /// <summary>The share of users in each segment, in <see cref="Segments"/> order.</summary>
    public static IReadOnlyList<double> SegmentShares { get; } = [0.55, 0.2, 0.15, 0.1];

    public static IReadOnlyList<string> Providers { get; } = ["openai", "anthropic"];

    public static Feature Feature(string name) =>
        Features.FirstOrDefault(f => f.Name == name) ?? throw new ArgumentException($"unknown feature '{name}'; the features are {string.Join(", ", Features.Select(f => f.Name))}", nameof(name));

    public static ModelSpec Model(string name) =>
        Models.FirstOrDefault(m => m.Name == name) ?? throw new ArgumentException($"unknown model '{name}'; the models are {string.Join(", ", Models.Select(m => m.Name))}", nameof(name));

    public static bool IsFeature(string name) => Features.Any(f => f.Name == name);

    public static bool IsModel(string name) => Models.Any(m => m.Name == name);

    public static bool IsProvider(string name) => Providers.Contains(name);
}
