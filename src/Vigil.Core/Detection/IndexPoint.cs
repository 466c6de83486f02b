using Vigil.Core.Queries;

namespace Vigil.Core.Detection;

/// <summary>
/// The RAG index metrics of a project per step: the last point in each step of each metric, per index (the
/// <see cref="IndexAttribute"/> of the point). Metric names default to what Vigil's semantic conventions name.
/// </summary>
public sealed record IndexPointQuery
{
    public required string ProjectId { get; init; }
    public required TimeRange Range { get; init; }

    /// <summary>A whole number of minutes; steps are aligned to the Unix epoch.</summary>
    public required TimeSpan Step { get; init; }

    public string IndexAttribute { get; init; } = "gen_ai.data_source.id";
    public string DocumentsMetric { get; init; } = "vigil.rag.index.documents";
    public string VectorsMetric { get; init; } = "vigil.rag.index.vectors";
    public string SizeMetric { get; init; } = "vigil.rag.index.size";

    /// <summary>A cumulative, monotonic sum of vectors embedded again (re-ingestion of documents already indexed).</summary>
    public string EmbeddingsMetric { get; init; } = "vigil.rag.index.reembedded";
}

/// <summary>
/// One index at the end of one step: the last value of each metric within the step (null when the metric had no
/// point in it), the feature the points named, and the step's end.
/// </summary>
public sealed record IndexPoint(
    string Index, string? Feature, DateTimeOffset StepEnd, double? Documents, double? Vectors, double? SizeBytes, double? EmbeddingsTotal);
