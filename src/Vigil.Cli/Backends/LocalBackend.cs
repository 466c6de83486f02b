using Vigil.Core;
using Vigil.Core.Evals;
using Vigil.Core.Ports;
using Vigil.Core.Pricing;
using Vigil.Core.Projects;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Core.Queries;
using Vigil.Core.Slos;
using Vigil.Ingest.Pricing;
using Vigil.Core.Releases;
using Vigil.Server.Evaluation;
using Vigil.Server.Evaluation.Datasets;
using Vigil.Server.Evaluation.Gap;
using Vigil.Server.Evaluation.Runs;
using Vigil.Server.Releases;
using Vigil.Server.Slos;
using Vigil.Storage.DuckDb;

namespace Vigil.Cli.Backends;

/// <summary>The embedded store opened directly: only possible while no server owns the data directory.</summary>
internal sealed class LocalBackend : IVigilBackend
{
    private readonly DuckDbDatabase _database;
    private readonly DuckDbTelemetryStore _telemetry;
    private readonly DuckDbControlStateStore _control;
    private readonly TimeProvider _time;
    private readonly ReleaseService _releases;
    private readonly DuckDbReleaseStore _releaseStore;
    private readonly DuckDbEvalStore _evals;
    private readonly DatasetService _datasets;

    public LocalBackend(DuckDbDatabase database, string dataDirectory, TimeProvider time)
    {
        _database = database;
        _time = time;
        _telemetry = new DuckDbTelemetryStore(database);
        _control = new DuckDbControlStateStore(database);
        _releaseStore = new DuckDbReleaseStore(database);
        _releases = new ReleaseService(new ReleaseRegistry(_releaseStore, time), _releaseStore);
        _evals = new DuckDbEvalStore(database);
        _datasets = new DatasetService(_evals, _telemetry, time);
        Description = $"store {dataDirectory}";
    }

    public string Description { get; }

    public async Task<CreatedKey> CreateKeyAsync(string projectId, string name, string scopes, CancellationToken cancellationToken)
    {
        if (!ApiKeySecrets.TryParseScopes(scopes, out var parsed, out var error))
        {
            throw new CliException($"--scopes: {error}");
        }

        if (!ProjectIds.IsValid(projectId))
        {
            throw new CliException($"--project: '{projectId}' is not a valid project id (lower-case letters, digits, '-' and '_', 1–64 characters)");
        }

        var (key, secret) = ApiKeySecrets.Create(projectId, name, parsed, _time.GetUtcNow());
        await _control.SaveApiKeyAsync(key, cancellationToken);
        return new CreatedKey(key.Id, key.ProjectId, key.Name, ApiKeySecrets.FormatScopes(key.Scopes), secret);
    }

    public async Task<IReadOnlyList<KeyInfo>> ListKeysAsync(string projectId, CancellationToken cancellationToken)
    {
        var keys = await _control.ListApiKeysAsync(projectId, cancellationToken);
        return keys.Select(k => new KeyInfo(k.Id, k.ProjectId, k.Name, ApiKeySecrets.FormatScopes(k.Scopes),
            k.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            k.RevokedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }

    public async Task<bool> RevokeKeyAsync(string projectId, string keyId, CancellationToken cancellationToken)
    {
        var keys = await _control.ListApiKeysAsync(projectId, cancellationToken);
        return keys.Any(k => k.Id == keyId) && await _control.RevokeApiKeyAsync(keyId, _time.GetUtcNow(), cancellationToken);
    }

    public Task<PriceImportSummary> ImportPricesAsync(string json, string source, DateTimeOffset effectiveFrom, CancellationToken cancellationToken) =>
        Registry().ImportLiteLlmAsync(json, source, effectiveFrom, cancellationToken);

    public async Task<IReadOnlyList<ModelPrice>> ListPricesAsync(CancellationToken cancellationToken)
    {
        var registry = Registry();
        await registry.ReloadAsync(cancellationToken);
        return registry.Book.Current.Prices;
    }

    public Task<TracePage> SearchTracesAsync(TraceQuery query, CancellationToken cancellationToken) =>
        _telemetry.SearchTracesAsync(query, cancellationToken);

    public Task<StatsResult> GetStatsAsync(StatsQuery query, CancellationToken cancellationToken) =>
        _telemetry.GetStatsAsync(query, cancellationToken);

    public Task<CostReport> GetCostsAsync(CostQuery query, CancellationToken cancellationToken) =>
        _telemetry.GetCostsAsync(query, cancellationToken);

    public async Task<SloListJson> ListSlosAsync(string projectId, IReadOnlyList<SloDefinition> local, CancellationToken cancellationToken)
    {
        var statuses = await EvaluateAsync(local, cancellationToken);
        return new SloListJson(true, _time.GetUtcNow(), [.. statuses.Where(s => s.Definition.Project == projectId).Select(SloSummaryJson.From)]);
    }

    public async Task<SloDetailJson?> GetSloAsync(string projectId, string name, IReadOnlyList<SloDefinition> local, CancellationToken cancellationToken)
    {
        var statuses = await EvaluateAsync([.. local.Where(s => s.Project == projectId && s.Name == name)], cancellationToken);
        return statuses.Count == 0 ? null : SloDetailJson.From(statuses[0]);
    }

    /// <summary>One evaluation of the SLOs over the whole store, now: every task is already in, so none waits to settle.</summary>
    private async Task<IReadOnlyList<SloStatus>> EvaluateAsync(IReadOnlyList<SloDefinition> slos, CancellationToken cancellationToken)
    {
        using var engine = new SloEngine(slos, _telemetry, _time, NullLogger<SloEngine>.Instance, taskSettle: TimeSpan.Zero);
        await engine.EvaluateAsync(cancellationToken);
        return engine.Statuses;
    }

    public Task<FeatureListJson> ListFeaturesAsync(string projectId, CancellationToken cancellationToken) =>
        _releases.ListFeaturesAsync(Project(projectId), cancellationToken);

    public async Task<ReleaseListJson> ListReleasesAsync(string projectId, string feature, CancellationToken cancellationToken) =>
        Value(await _releases.ListReleasesAsync(Project(projectId), feature, cancellationToken));

    public async Task<ReleaseChangeJson> CreateReleaseAsync(string projectId, string feature, CreateReleaseRequest request, CancellationToken cancellationToken) =>
        Value(await _releases.CreateAsync(Project(projectId), feature, request, Actor, cancellationToken));

    public async Task<ActivationJson> ActivateReleaseAsync(string projectId, string feature, string releaseId, string reason, CancellationToken cancellationToken) =>
        Value(await _releases.ActivateAsync(Project(projectId), feature, releaseId, new ActivateRequest(reason), Actor, cancellationToken));

    public async Task<ReleaseChangeJson> RollbackReleaseAsync(string projectId, string feature, RollbackRequest request, CancellationToken cancellationToken) =>
        Value(await _releases.RollbackAsync(Project(projectId), feature, request, Actor, cancellationToken));

    public async Task<DiffJson> DiffReleasesAsync(string projectId, string feature, string fromReleaseId, string toReleaseId, CancellationToken cancellationToken) =>
        Value(await _releases.DiffAsync(Project(projectId), feature, fromReleaseId, toReleaseId, cancellationToken));

    public Task<DatasetListJson> ListDatasetsAsync(string projectId, CancellationToken cancellationToken) =>
        _datasets.ListAsync(Project(projectId), cancellationToken);

    public async Task<DatasetVersionsJson> ListDatasetVersionsAsync(string projectId, string name, CancellationToken cancellationToken) =>
        Value(await _datasets.VersionsAsync(Project(projectId), name, cancellationToken));

    public async Task<(int Version, string Jsonl)> ExportDatasetAsync(string projectId, string name, int? version, CancellationToken cancellationToken)
    {
        var reference = version is { } v ? DatasetRef.Format(name, v) : name;
        var content = Value(await _datasets.GetAsync(Project(projectId), reference, cancellationToken));
        return (content.Version.Version, DatasetJsonl.Format(content.Items));
    }

    public async Task<DatasetChangeJson> ImportDatasetAsync(string projectId, string name, string jsonl, DatasetImportMode mode, string? note, CancellationToken cancellationToken) =>
        Value(await _datasets.ImportAsync(Project(projectId), name, jsonl, mode, note, Actor, cancellationToken));

    public async Task<DatasetChangeJson> AddTracesToDatasetAsync(string projectId, string name, AddTracesRequest request, CancellationToken cancellationToken) =>
        Value(await _datasets.AddTracesAsync(Project(projectId), name, request.TraceIds ?? [], request.Expected == "output", request.Note, Actor, cancellationToken));

    public async Task<EvalRunJson> RunEvalAsync(string projectId, EvalRunRequest request, Func<EvaluationSettings> local, CancellationToken cancellationToken) =>
        Value(await new EvalRunService(_evals, _releaseStore, local(), _time).RunAsync(Project(projectId), request, Actor, cancellationToken));

    public async Task<EvalRunListJson> ListEvalRunsAsync(string projectId, EvalRunFilter filter, int limit, CancellationToken cancellationToken) =>
        new(await _evals.ListRunsAsync(Project(projectId), filter, limit, cancellationToken));

    public async Task<EvalRun> GetEvalRunAsync(string projectId, string runId, CancellationToken cancellationToken) =>
        await _evals.GetRunAsync(Project(projectId), runId, cancellationToken) ?? throw new CliException($"no run '{runId}'");

    public async Task<EvalRunItemsJson> GetEvalRunItemsAsync(string projectId, string runId, CancellationToken cancellationToken)
    {
        _ = await GetEvalRunAsync(projectId, runId, cancellationToken);
        return new EvalRunItemsJson(runId, await _evals.GetRunItemsAsync(Project(projectId), runId, cancellationToken));
    }

    public async Task<GapJson> GetEvalGapAsync(GapRequest request, CancellationToken cancellationToken) =>
        Value(await new GapService(_telemetry, _evals, _datasets).AnalyzeAsync(request with { Project = Project(request.Project) }, cancellationToken));

    public Task<EvaluationSeries> GetEvaluationScoresAsync(EvaluationSeriesQuery query, CancellationToken cancellationToken) =>
        _telemetry.GetEvaluationSeriesAsync(query with { ProjectId = Project(query.ProjectId) }, cancellationToken);

    /// <summary>Who changed a release through the bare store, for the audit log: the operating-system user.</summary>
    private static string Actor => $"{Environment.UserName} (local store)";

    private static string Project(string projectId) => ProjectIds.IsValid(projectId)
        ? projectId
        : throw new CliException($"--project: '{projectId}' is not a valid project id (lower-case letters, digits, '-' and '_', 1–64 characters)");

    private static T Value<T>(Outcome<T> outcome) => outcome.Error is { } error
        ? throw new CliException(string.Join("; ", error.Messages))
        : outcome.Value!;

    private PriceRegistry Registry() => new(_control, new PriceBook(PriceCatalog.Create(BuiltInPrices.All)), []);

    public ValueTask DisposeAsync()
    {
        _database.Dispose();
        return ValueTask.CompletedTask;
    }
}
