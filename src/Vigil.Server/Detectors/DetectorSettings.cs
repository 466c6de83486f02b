using Vigil.Detectors.Alerts;
using Vigil.Detectors.Compliance;
using Vigil.Detectors.Cost;
using Vigil.Detectors.Drift;
using Vigil.Detectors.Memory;
using Vigil.Detectors.Vendors;

namespace Vigil.Server.Detectors;

/// <summary>
/// vigil.yaml's <c>detectors:</c>: how often the detectors run, how their findings become alerts, and each
/// detector's windows and thresholds. Every detector is on by default with the defaults of docs/detectors.md;
/// <c>enabled: false</c> turns one off. Windows are rolling: the current window ends at the evaluation, the
/// reference window ends where the current one starts.
/// </summary>
public sealed record DetectorSettings
{
    /// <summary>How often the detectors run (each one at most as often as its own interval allows).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    public AlertRules Alerts { get; init; } = new();

    public CostDetectorSettings Cost { get; init; } = new();
    public AgentLoopDetectorSettings AgentLoop { get; init; } = new();
    public PriceDetectorSettings Price { get; init; } = new();
    public VendorDetectorSettings Vendor { get; init; } = new();
    public MemoryDetectorSettings Memory { get; init; } = new();
    public ComplianceDetectorSettings Compliance { get; init; } = new();
    public AuditDetectorSettings Audit { get; init; } = new();
    public DriftDetectorSettings Drift { get; init; } = new();
}

/// <summary>Windows shared by the detectors that compare a current window with the one before it.</summary>
public abstract record WindowedDetectorSettings
{
    public bool Enabled { get; init; } = true;
    public TimeSpan Current { get; init; } = TimeSpan.FromHours(1);
    public TimeSpan Reference { get; init; } = TimeSpan.FromHours(24);
}

/// <summary>Seasonal cost anomalies per feature, team and model on the last complete hour, decomposed within the feature.</summary>
public sealed record CostDetectorSettings
{
    public bool Enabled { get; init; } = true;

    /// <summary>The dimensions cost is watched by: <c>feature</c>, <c>team</c>, <c>model</c>.</summary>
    public IReadOnlyList<string> By { get; init; } = ["feature", "team", "model"];

    public SeasonalBaselineOptions Baseline { get; init; } = new();
}

/// <summary>Steps per trace, current against reference, for the listed features (empty: every feature).</summary>
public sealed record AgentLoopDetectorSettings : WindowedDetectorSettings
{
    public IReadOnlyList<string> Features { get; init; } = [];
    public AgentLoopOptions Options { get; init; } = new();
}

/// <summary>What vendors bill per token (spans that report their cost), current against reference.</summary>
public sealed record PriceDetectorSettings : WindowedDetectorSettings
{
    public PriceChangeOptions Options { get; init; } = new();
}

/// <summary>Vendor degradation per provider and model, the same model across providers, and status pages.</summary>
public sealed record VendorDetectorSettings : WindowedDetectorSettings
{
    public VendorDetectorSettings() => Current = TimeSpan.FromMinutes(30);

    /// <summary>Evaluation names whose mean is a call's quality; empty: quality is not compared.</summary>
    public IReadOnlyList<string> QualityScores { get; init; } = [];

    public VendorDegradationOptions Options { get; init; } = new();

    public IReadOnlyList<StatuspageSettings> Statuspages { get; init; } = [];
}

/// <summary>One provider's status page (Atlassian Statuspage's <c>/api/v2/summary.json</c>), polled every <see cref="Interval"/>.</summary>
public sealed record StatuspageSettings
{
    public required string Provider { get; init; }
    public required Uri Url { get; init; }

    /// <summary>Component names or ids that stand for the provider's API; empty: the page's overall indicator.</summary>
    public IReadOnlyList<string> Components { get; init; } = [];

    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>RAG index growth from OTLP metrics, sampled per <see cref="Step"/> (and run as often) over <see cref="History"/>.</summary>
public sealed record MemoryDetectorSettings
{
    public bool Enabled { get; init; } = true;
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan History { get; init; } = TimeSpan.FromDays(7);
    public string IndexAttribute { get; init; } = "gen_ai.data_source.id";
    public string DocumentsMetric { get; init; } = "vigil.rag.index.documents";
    public string VectorsMetric { get; init; } = "vigil.rag.index.vectors";
    public string SizeMetric { get; init; } = "vigil.rag.index.size";
    public string EmbeddingsMetric { get; init; } = "vigil.rag.index.reembedded";
    public MemoryBloatOptions Options { get; init; } = new();
}

/// <summary>Per-segment disparity of quality, refusals and latency, per period, with the trend over the last periods.</summary>
public sealed record ComplianceDetectorSettings
{
    public bool Enabled { get; init; } = true;

    /// <summary>Features to watch (empty: every feature whose spans name a segment).</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    public TimeSpan Period { get; init; } = TimeSpan.FromHours(1);
    public IReadOnlyList<string> QualityScores { get; init; } = [];

    /// <summary>The evaluation whose score 1 is a refusal; null: refusal shares are not compared.</summary>
    public string? RefusalScore { get; init; } = "refusal";

    public SegmentDisparityOptions Options { get; init; } = new();
}

/// <summary>Attributes every root span must carry; none configured: the audit detector does not run.</summary>
public sealed record AuditDetectorSettings : WindowedDetectorSettings
{
    public IReadOnlyList<string> Required { get; init; } = [];
    public AuditGapOptions Options { get; init; } = new();
}

/// <summary>Input and output drift per feature on a deterministic sample of traces (text embedded locally with MiniLM).</summary>
public sealed record DriftDetectorSettings : WindowedDetectorSettings
{
    /// <summary>Features to watch (empty: every feature with traffic).</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>At most this many traces per window (the same traces for text, so that each is embedded once).</summary>
    public int Sample { get; init; } = 200;

    /// <summary>Features whose text is compared (empty: every watched feature); the others compare numbers and categories only.</summary>
    public IReadOnlyList<string> TextFeatures { get; init; } = [];

    /// <summary>Whether the input text is compared (embedded locally with MiniLM: the costliest part of drift, ~10 ms a text).</summary>
    public bool Text { get; init; } = true;

    /// <summary>Whether the output text is compared too (off by default: outputs are longer and rarely repeat, so most of them are embedded anew each run).</summary>
    public bool OutputText { get; init; }

    /// <summary>
    /// Text is embedded for at most 200 traces a window (the whole sample), cut to 300 characters (a question or the
    /// start of a document: enough for its topic). The input text alerts at p &lt; 0.01, not Evidently's 0.05: a
    /// server tests every feature every 15 minutes over overlapping windows, and at 0.05 a steady feature would open
    /// a false ticket every few hours.
    /// </summary>
    public DriftOptions Options { get; init; } = new()
    {
        MaxTextSample = 200,
        MaxTextLength = 300,
        PerColumn = new Dictionary<string, ColumnDriftOptions>(StringComparer.Ordinal) { ["input"] = new() { Threshold = 0.01 } },
    };
}
