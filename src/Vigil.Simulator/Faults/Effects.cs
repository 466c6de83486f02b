namespace Vigil.Simulator.Faults;

/// <summary>
/// What the faults active at one moment do to one call: the simulator's ground truth. It shapes the
/// generated outputs and latencies; it is never emitted, so Vigil has to find it in the telemetry.
/// </summary>
public sealed class Effects
{
    /// <summary>Subtracted from the probability that an answer is right.</summary>
    public double QualityDrop { get; set; }

    public double AgentStepsFactor { get; set; } = 1;

    /// <summary>What the vendor bills, as a multiple of the catalog price (reported as the span's own cost).</summary>
    public double PriceFactor { get; set; } = 1;

    /// <summary>Share of answers whose citations name documents that were not retrieved, or whose JSON breaks the schema.</summary>
    public double HallucinationRate { get; set; }

    public double ErrorRate { get; set; }

    public double TimeoutRate { get; set; }

    public double LatencyFactor { get; set; } = 1;

    /// <summary>The response cache's hit rate when a fault overrides it.</summary>
    public double? CacheHitRate { get; set; }

    /// <summary>Extra share of refusals (segment bias).</summary>
    public double RefusalRate { get; set; }

    /// <summary>Attributes dropped from spans, and on which share of requests.</summary>
    public IReadOnlyList<string> MissingAttributes { get; set; } = [];

    public double MissingShare { get; set; }

    /// <summary>Share of inputs drawn from another topic pool, and which.</summary>
    public double InputShiftShare { get; set; }

    public string? InputPool { get; set; }
}
