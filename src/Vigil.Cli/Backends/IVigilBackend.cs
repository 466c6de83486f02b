using Vigil.Core.Evals;
using Vigil.Core.Ports;
using Vigil.Core.Pricing;
using Vigil.Core.Queries;
using Vigil.Core.Slos;
using Vigil.Server.Evaluation;
using Vigil.Server.Evaluation.Datasets;
using Vigil.Server.Evaluation.Gap;
using Vigil.Server.Evaluation.Runs;
using Vigil.Server.Releases;
using Vigil.Server.Slos;
using Vigil.Ingest.Pricing;

namespace Vigil.Cli.Backends;

/// <summary>
/// What the operator's commands need, served either by a running server over its API or by the
/// embedded store opened directly when no server holds it.
/// </summary>
internal interface IVigilBackend : IAsyncDisposable
{
    /// <summary>"server http://…" or "store ./.vigil": printed so the operator knows which one answered.</summary>
    string Description { get; }

    Task<CreatedKey> CreateKeyAsync(string projectId, string name, string scopes, CancellationToken cancellationToken);

    Task<IReadOnlyList<KeyInfo>> ListKeysAsync(string projectId, CancellationToken cancellationToken);

    Task<bool> RevokeKeyAsync(string projectId, string keyId, CancellationToken cancellationToken);

    Task<PriceImportSummary> ImportPricesAsync(string json, string source, DateTimeOffset effectiveFrom, CancellationToken cancellationToken);

    Task<IReadOnlyList<ModelPrice>> ListPricesAsync(CancellationToken cancellationToken);

    Task<TracePage> SearchTracesAsync(TraceQuery query, CancellationToken cancellationToken);

    Task<StatsResult> GetStatsAsync(StatsQuery query, CancellationToken cancellationToken);

    Task<CostReport> GetCostsAsync(CostQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Every SLO of the project: a server answers from its latest evaluation; the bare store evaluates
    /// <paramref name="local"/> (the SLOs of vigil.yaml) once, at the current time.
    /// </summary>
    Task<SloListJson> ListSlosAsync(string projectId, IReadOnlyList<SloDefinition> local, CancellationToken cancellationToken);

    /// <summary>One SLO in detail, or null when there is no such SLO.</summary>
    Task<SloDetailJson?> GetSloAsync(string projectId, string name, IReadOnlyList<SloDefinition> local, CancellationToken cancellationToken);

    // Releases (docs/releases.md): refusals throw CliException with the reason.

    Task<FeatureListJson> ListFeaturesAsync(string projectId, CancellationToken cancellationToken);

    Task<ReleaseListJson> ListReleasesAsync(string projectId, string feature, CancellationToken cancellationToken);

    Task<ReleaseChangeJson> CreateReleaseAsync(string projectId, string feature, CreateReleaseRequest request, CancellationToken cancellationToken);

    Task<ActivationJson> ActivateReleaseAsync(string projectId, string feature, string releaseId, string reason, CancellationToken cancellationToken);

    Task<ReleaseChangeJson> RollbackReleaseAsync(string projectId, string feature, RollbackRequest request, CancellationToken cancellationToken);

    Task<DiffJson> DiffReleasesAsync(string projectId, string feature, string fromReleaseId, string toReleaseId, CancellationToken cancellationToken);

    // Datasets and offline runs (docs/evals.md): refusals throw CliException with the reason.

    Task<DatasetListJson> ListDatasetsAsync(string projectId, CancellationToken cancellationToken);

    Task<DatasetVersionsJson> ListDatasetVersionsAsync(string projectId, string name, CancellationToken cancellationToken);

    /// <summary>A version's items as JSONL (the latest when <paramref name="version"/> is null) and the version's number.</summary>
    Task<(int Version, string Jsonl)> ExportDatasetAsync(string projectId, string name, int? version, CancellationToken cancellationToken);

    Task<DatasetChangeJson> ImportDatasetAsync(string projectId, string name, string jsonl, DatasetImportMode mode, string? note, CancellationToken cancellationToken);

    Task<DatasetChangeJson> AddTracesToDatasetAsync(string projectId, string name, AddTracesRequest request, CancellationToken cancellationToken);

    /// <summary>Runs and stores an offline evaluation; the bare store takes scorers and the endpoint from <paramref name="local"/> (vigil.yaml, read only then).</summary>
    Task<EvalRunJson> RunEvalAsync(string projectId, EvalRunRequest request, Func<EvaluationSettings> local, CancellationToken cancellationToken);

    Task<EvalRunListJson> ListEvalRunsAsync(string projectId, EvalRunFilter filter, int limit, CancellationToken cancellationToken);

    Task<EvalRun> GetEvalRunAsync(string projectId, string runId, CancellationToken cancellationToken);

    Task<EvalRunItemsJson> GetEvalRunItemsAsync(string projectId, string runId, CancellationToken cancellationToken);

    /// <summary>Online against offline scores per release, and the production inputs the dataset misses.</summary>
    Task<GapJson> GetEvalGapAsync(GapRequest request, CancellationToken cancellationToken);

    /// <summary>Evaluation scores of a feature by release over time (online, feedback, OTLP).</summary>
    Task<EvaluationSeries> GetEvaluationScoresAsync(EvaluationSeriesQuery query, CancellationToken cancellationToken);
}

internal sealed record CreatedKey(string Id, string Project, string Name, string Scopes, string Secret);

internal sealed record KeyInfo(string Id, string Project, string Name, string Scopes, string CreatedAt, string? RevokedAt);

/// <summary>A command failed in a way the operator can fix; the message says how. Exit code 1.</summary>
internal sealed class CliException(string message) : Exception(message)
{
    public CliException()
        : this("the command failed")
    {
    }

    public CliException(string message, Exception inner)
        : this(message + ": " + inner.Message)
    {
    }
}
