namespace Vigil.Simulator.Scenarios;

/// <summary>
/// The words a scenario's <c>expect</c> entries may use: incident classes, the axes a diagnosis
/// names, and runbook mitigations. Public format: users' scenario files refer to them.
/// </summary>
public static class ScenarioVocabulary
{
    public static IReadOnlyList<string> IncidentClasses { get; } =
    [
        "quality_regression", "cost_spike", "hallucination_wave", "eval_gap", "vendor_outage", "vendor_degradation",
        "memory_bloat", "compliance_drift", "audit_gap", "cache_degradation", "availability",
    ];

    /// <summary>What a diagnosis names as the axis that changed. Written "—" (or null) in a scenario when the axis is not judged.</summary>
    public static IReadOnlyList<string> Axes { get; } = ["model", "prompt", "index", "routing", "inputs", "vendor", "vendor_price"];

    /// <summary>How an expectation writes "the axis is not judged".</summary>
    public const string AxisNotJudged = "—";

    public static IReadOnlyList<string> Mitigations { get; } = ["rollback", "throttle", "disable", "failover", "guardrail", "ticket"];
}
