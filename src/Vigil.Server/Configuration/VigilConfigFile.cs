using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration;

// The shape of vigil.yaml as written by people: every key optional, durations as text ("30s", "7d").
// VigilConfigLoader validates it whole and turns it into VigilSettings.

#pragma warning disable CA1812 // instantiated by the YAML deserializer
internal sealed class VigilConfigFile
{
    public ServerSection? Server { get; set; }
    public AuthSection? Auth { get; set; }
    public IngestSection? Ingest { get; set; }
    public QueueSection? Queue { get; set; }
    public RetentionSection? Retention { get; set; }
    public List<PriceEntry>? Prices { get; set; }
    public SloEvaluationSection? SloEvaluation { get; set; }

    /// <summary>OpenSLO files or directories, relative to vigil.yaml's directory.</summary>
    public List<string>? Openslo { get; set; }

    /// <summary>Read as a node tree by Slos/SloSectionConverter, so that each problem is reported at its key.</summary>
    public YamlSequenceNode? Slos { get; set; }

    /// <summary>Read as a node tree by Evaluation/EvaluationSectionReader (scorer options are free-form).</summary>
    public YamlMappingNode? Evaluation { get; set; }

    /// <summary>Read as a node tree by Detectors/DetectorSectionReader.</summary>
    public YamlMappingNode? Detectors { get; set; }
}

internal sealed class SloEvaluationSection
{
    public string? Interval { get; set; }
}

internal sealed class ServerSection
{
    public string? Data { get; set; }
    public string? Http { get; set; }
    public string? Grpc { get; set; }
}

internal sealed class AuthSection
{
    public string? Anonymous { get; set; }
}

internal sealed class IngestSection
{
    public int? MaxBodyBytes { get; set; }
    public int? MaxAttributesPerSpan { get; set; }
    public int? MaxAttributeValueLength { get; set; }
    public int? RejectAttributeValueLength { get; set; }
    public bool? StoreContent { get; set; }
    public int? MaxContentLength { get; set; }
    public int? MaxEventsPerSpan { get; set; }
}

internal sealed class QueueSection
{
    public int? Capacity { get; set; }
    public int? MaxItemsPerCommit { get; set; }
    public long? MaxInFlightBytes { get; set; }
    public string? RetryAfter { get; set; }
    public bool? Journal { get; set; }
    public string? ReadYourWritesWait { get; set; }
}

internal sealed class RetentionSection
{
    public string? Spans { get; set; }
    public string? Rollups { get; set; }
    public string? Interval { get; set; }
}

internal sealed class PriceEntry
{
    public string? Model { get; set; }
    public string? Provider { get; set; }
    public string? EffectiveFrom { get; set; }
    public decimal? Input { get; set; }
    public decimal? Output { get; set; }
    public decimal? CacheRead { get; set; }
    public decimal? CacheWrite { get; set; }
    public decimal? Reasoning { get; set; }
    public List<PriceTierEntry>? Tiers { get; set; }
}

internal sealed class PriceTierEntry
{
    public long? AboveInputTokens { get; set; }
    public decimal? Input { get; set; }
    public decimal? Output { get; set; }
    public decimal? CacheRead { get; set; }
    public decimal? CacheWrite { get; set; }
}
#pragma warning restore CA1812
