using Vigil.Core.Pricing;
using Vigil.Core.Slos;
using Vigil.Ingest;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Detectors;
using Vigil.Server.Evaluation;

namespace Vigil.Server.Configuration;

/// <summary>Whether requests without an API key are served.</summary>
public enum AnonymousAccess
{
    /// <summary>Allowed when every listening address is loopback, refused otherwise (the default).</summary>
    Auto,

    /// <summary>Always allowed (only on loopback: Vigil refuses to start otherwise).</summary>
    Allow,

    /// <summary>Every request needs a key.</summary>
    Deny,
}

/// <summary>Validated settings of one <c>vigil serve</c>: vigil.yaml with the command line on top.</summary>
public sealed record VigilSettings
{
    public string DataDirectory { get; init; } = ".vigil";
    public string HttpAddress { get; init; } = "127.0.0.1:4318";
    public string GrpcAddress { get; init; } = "127.0.0.1:4317";
    public AnonymousAccess Anonymous { get; init; } = AnonymousAccess.Auto;
    public IngestLimits Ingest { get; init; } = new();
    public WriteQueueOptions Queue { get; init; } = new();
    public RetentionSettings Retention { get; init; } = new();
    public IReadOnlyList<ModelPrice> PriceOverrides { get; init; } = [];

    /// <summary>The SLOs of vigil.yaml's <c>slos:</c> and of the OpenSLO files its <c>openslo:</c> names.</summary>
    public IReadOnlyList<SloDefinition> Slos { get; init; } = [];

    public SloEvaluationSettings SloEvaluation { get; init; } = new();

    /// <summary>Online evaluation: production traces sampled per feature and scored (<c>evaluation:</c>).</summary>
    public EvaluationSettings Evaluation { get; init; } = new();

    /// <summary>Drift, cost, vendor, memory, compliance and audit detectors (<c>detectors:</c>).</summary>
    public DetectorSettings Detectors { get; init; } = new();
}

/// <summary>How often every SLO is evaluated (budgets, burn rates, alerts).</summary>
public sealed record SloEvaluationSettings
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>How long raw telemetry and rollups are kept, and how often retention runs.</summary>
public sealed record RetentionSettings
{
    /// <summary>31 days by default: SLOs over a calendar month rebuild their history from raw spans at start.</summary>
    public TimeSpan Spans { get; init; } = TimeSpan.FromDays(31);
    public TimeSpan Rollups { get; init; } = TimeSpan.FromDays(400);
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);
}
