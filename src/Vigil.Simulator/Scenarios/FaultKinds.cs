namespace Vigil.Simulator.Scenarios;

/// <summary>A fault kind of the catalog: its parameters and the incident class and axis it should produce.</summary>
/// <param name="Target">Which parameter names the target: feature, provider or index.</param>
public sealed record FaultKind(string Name, string Target, IReadOnlyList<FaultParameter> Parameters, string ExpectedIncident, string? ExpectedAxis, string Meaning);

/// <summary>A parameter: a number within bounds, a model, a segment, a duration, a pool name or a list of attributes.</summary>
public sealed record FaultParameter(string Name, ParameterType Type, bool Required, double Min = double.MinValue, double Max = double.MaxValue);

public enum ParameterType
{
    Number,
    Feature,
    Provider,
    Model,
    Index,
    Segment,
    Text,

    /// <summary>A duration as written in scenario files ("30m", "2h").</summary>
    Duration,
}

/// <summary>The fault catalog: every failure mode of the product brief.</summary>
public static class FaultKinds
{
    private static readonly FaultParameter FeatureParameter = new("feature", ParameterType.Feature, true);
    private static readonly FaultParameter ProviderParameter = new("provider", ParameterType.Provider, true);

    public static IReadOnlyList<FaultKind> All { get; } =
    [
        new("quality_drift", "feature", [FeatureParameter, new("drop", ParameterType.Number, false, 0, 1), new("ramp", ParameterType.Duration, false)],
            "quality_regression", "vendor", "the vendor's model degrades silently, no release change"),
        new("model_change", "feature", [FeatureParameter, new("to_model", ParameterType.Model, true), new("quality_drop", ParameterType.Number, false, 0, 1)],
            "quality_regression", "model", "a release switches the model"),
        new("prompt_regression", "feature", [FeatureParameter, new("quality_drop", ParameterType.Number, false, 0, 1)],
            "quality_regression", "prompt", "a release changes the prompt, answers get worse"),
        new("prompt_token_inflation", "feature", [FeatureParameter, new("factor", ParameterType.Number, true, 0.01, 100)],
            "cost_spike", "prompt", "a release's prompt multiplies input tokens"),
        new("index_regression", "feature", [FeatureParameter, new("citation_error_rate", ParameterType.Number, true, 0, 1)],
            "hallucination_wave", "index", "a release swaps the RAG index; citations go wrong"),
        new("routing_misconfig", "feature", [FeatureParameter, new("to_model", ParameterType.Model, true)],
            "quality_regression", "routing", "a routing change sends traffic to a weak model"),
        new("agent_loop", "feature", [FeatureParameter, new("steps_factor", ParameterType.Number, true, 1, 100)],
            "cost_spike", "inputs", "agent runs loop far longer"),
        new("vendor_reprice", "provider", [ProviderParameter, new("model", ParameterType.Model, false), new("factor", ParameterType.Number, true, 0.01, 100)],
            "cost_spike", "vendor_price", "price per token changes"),
        new("hallucination_wave", "feature", [FeatureParameter, new("rate", ParameterType.Number, true, 0, 1)],
            "hallucination_wave", "vendor", "citations or schema fail without a release change"),
        new("input_shift", "feature", [FeatureParameter, new("pool", ParameterType.Text, false), new("mix", ParameterType.Text, false), new("share", ParameterType.Number, false, 0, 1)],
            "eval_gap", "inputs", "the input topic mix changes"),
        new("vendor_outage", "provider", [ProviderParameter, new("error_rate", ParameterType.Number, false, 0, 1), new("timeout_rate", ParameterType.Number, false, 0, 1)],
            "vendor_outage", "vendor", "errors and timeouts"),
        new("vendor_latency", "provider", [ProviderParameter, new("factor", ParameterType.Number, true, 1, 100)],
            "vendor_degradation", "vendor", "latency and time to first token grow"),
        new("index_bloat", "index", [new("index", ParameterType.Index, true), new("growth_factor", ParameterType.Number, true, 1, 1000), new("reembed", ParameterType.Number, false, 0, 1000)],
            "memory_bloat", "index", "index size and re-embedding grow without new documents"),
        new("cache_degradation", "feature", [FeatureParameter, new("hit_rate", ParameterType.Number, true, 0, 1)],
            "cache_degradation", "inputs", "cache hit rate drops"),
        new("segment_bias", "feature", [FeatureParameter, new("segment", ParameterType.Segment, true), new("quality_drop", ParameterType.Number, false, 0, 1)],
            "compliance_drift", null, "one segment's quality or refusals diverge"),
        new("audit_gap", "feature", [FeatureParameter, new("missing", ParameterType.Text, true), new("share", ParameterType.Number, false, 0, 1)],
            "audit_gap", null, "spans lose required audit attributes"),
    ];

    public static FaultKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
