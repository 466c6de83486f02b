using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vigil.Core.Evals;
using Vigil.Core.Ports;
using Vigil.Core.Pricing;
using Vigil.Core.Queries;
using Vigil.Core.Slos;
using Vigil.Ingest.Pricing;
using Vigil.Server.Api;
using Vigil.Server.Evaluation;
using Vigil.Server.Evaluation.Datasets;
using Vigil.Server.Evaluation.Gap;
using Vigil.Server.Evaluation.Runs;
using Vigil.Server.Releases;
using Vigil.Server.Slos;

namespace Vigil.Cli.Backends;

/// <summary>A running server, over its REST API.</summary>
internal sealed class HttpBackend : IVigilBackend
{
    private readonly HttpClient _http;

    public HttpBackend(Uri baseAddress, string? apiKey, string? project)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromHours(2) };
        if (!string.IsNullOrEmpty(apiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        else if (!string.IsNullOrEmpty(project))
        {
            _http.DefaultRequestHeaders.Add("x-vigil-project", project);
        }

        Description = $"server {baseAddress}";
    }

    public string Description { get; }

    public async Task<CreatedKey> CreateKeyAsync(string projectId, string name, string scopes, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("api/v1/keys", new { name, scopes }, ApiJson.Options, cancellationToken);
        return await ReadAsync<CreatedKey>(response, cancellationToken);
    }

    public async Task<IReadOnlyList<KeyInfo>> ListKeysAsync(string projectId, CancellationToken cancellationToken) =>
        await GetAsync<List<KeyInfo>>("api/v1/keys", cancellationToken);

    public async Task<bool> RevokeKeyAsync(string projectId, string keyId, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync($"api/v1/keys/{Uri.EscapeDataString(keyId)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    public async Task<PriceImportSummary> ImportPricesAsync(string json, string source, DateTimeOffset effectiveFrom, CancellationToken cancellationToken)
    {
        var url = $"api/v1/prices/import?source={Uri.EscapeDataString(source)}&effectiveFrom={Uri.EscapeDataString(effectiveFrom.ToString("O", CultureInfo.InvariantCulture))}";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(url, content, cancellationToken);
        return await ReadAsync<PriceImportSummary>(response, cancellationToken);
    }

    public async Task<IReadOnlyList<ModelPrice>> ListPricesAsync(CancellationToken cancellationToken) =>
        await GetAsync<List<ModelPrice>>("api/v1/prices", cancellationToken);

    public Task<TracePage> SearchTracesAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        var parameters = Common(query.Range, query.Filter);
        Add(parameters, "status", query.Status?.ToString().ToLowerInvariant());
        Add(parameters, "minCost", query.MinCost?.ToString(CultureInfo.InvariantCulture));
        Add(parameters, "minLatencyMs", query.MinDurationMs?.ToString(CultureInfo.InvariantCulture));
        Add(parameters, "limit", query.Limit.ToString(CultureInfo.InvariantCulture));
        Add(parameters, "cursor", query.Cursor);
        return GetAsync<TracePage>("api/v1/traces?" + string.Join('&', parameters), cancellationToken);
    }

    public Task<StatsResult> GetStatsAsync(StatsQuery query, CancellationToken cancellationToken)
    {
        var parameters = Common(query.Range, query.Filter);
        Add(parameters, "step", $"{(long)query.Step.TotalMinutes}m");
        Add(parameters, "groupBy", query.GroupBy.ToString().ToLowerInvariant());
        return GetAsync<StatsResult>("api/v1/stats?" + string.Join('&', parameters), cancellationToken);
    }

    public Task<CostReport> GetCostsAsync(CostQuery query, CancellationToken cancellationToken) =>
        GetAsync<CostReport>("api/v1/costs?" + string.Join('&', Common(query.Range, query.Filter)), cancellationToken);

    private static List<string> Common(TimeRange range, SpanFilter filter)
    {
        var parameters = new List<string>();
        Add(parameters, "from", range.From.ToString("O", CultureInfo.InvariantCulture));
        Add(parameters, "to", range.To.ToString("O", CultureInfo.InvariantCulture));
        Add(parameters, "feature", filter.Feature);
        Add(parameters, "team", filter.Team);
        Add(parameters, "user", filter.UserId);
        Add(parameters, "model", filter.Model);
        Add(parameters, "provider", filter.Provider);
        Add(parameters, "release", filter.Release);
        Add(parameters, "stage", filter.Stage);
        return parameters;
    }

    private static void Add(List<string> parameters, string name, string? value)
    {
        if (value is not null)
        {
            parameters.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }

    public async Task<SloListJson> ListSlosAsync(string projectId, IReadOnlyList<SloDefinition> local, CancellationToken cancellationToken) =>
        await GetAsync<SloListJson>("api/v1/slos", cancellationToken);

    public async Task<SloDetailJson?> GetSloAsync(string projectId, string name, IReadOnlyList<SloDefinition> local, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/v1/slos/{Uri.EscapeDataString(name)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<SloDetailJson>(ApiJson.Options, cancellationToken);
    }

    public Task<FeatureListJson> ListFeaturesAsync(string projectId, CancellationToken cancellationToken) =>
        GetAsync<FeatureListJson>("api/v1/features", cancellationToken);

    public Task<ReleaseListJson> ListReleasesAsync(string projectId, string feature, CancellationToken cancellationToken) =>
        GetAsync<ReleaseListJson>($"{Feature(feature)}/releases", cancellationToken);

    public Task<ReleaseChangeJson> CreateReleaseAsync(string projectId, string feature, CreateReleaseRequest request, CancellationToken cancellationToken) =>
        PostAsync<ReleaseChangeJson>($"{Feature(feature)}/releases", request, cancellationToken);

    public Task<ActivationJson> ActivateReleaseAsync(string projectId, string feature, string releaseId, string reason, CancellationToken cancellationToken) =>
        PostAsync<ActivationJson>($"{Feature(feature)}/releases/{Uri.EscapeDataString(releaseId)}/activate", new ActivateRequest(reason), cancellationToken);

    public Task<ReleaseChangeJson> RollbackReleaseAsync(string projectId, string feature, RollbackRequest request, CancellationToken cancellationToken) =>
        PostAsync<ReleaseChangeJson>($"{Feature(feature)}/rollback", request, cancellationToken);

    public Task<DiffJson> DiffReleasesAsync(string projectId, string feature, string fromReleaseId, string toReleaseId, CancellationToken cancellationToken) =>
        GetAsync<DiffJson>($"{Feature(feature)}/releases/{Uri.EscapeDataString(fromReleaseId)}/diff/{Uri.EscapeDataString(toReleaseId)}", cancellationToken);

    private static string Feature(string feature) => $"api/v1/features/{Uri.EscapeDataString(feature)}";

    public Task<DatasetListJson> ListDatasetsAsync(string projectId, CancellationToken cancellationToken) =>
        GetAsync<DatasetListJson>("api/v1/datasets", cancellationToken);

    public Task<DatasetVersionsJson> ListDatasetVersionsAsync(string projectId, string name, CancellationToken cancellationToken) =>
        GetAsync<DatasetVersionsJson>(Dataset(name), cancellationToken);

    public async Task<(int Version, string Jsonl)> ExportDatasetAsync(string projectId, string name, int? version, CancellationToken cancellationToken)
    {
        var url = $"{Dataset(name)}/items" + (version is { } v ? $"?version={v.ToString(CultureInfo.InvariantCulture)}" : "");
        using var response = await _http.GetAsync(url, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var number = response.Headers.TryGetValues("X-Vigil-Dataset-Version", out var values) ? int.Parse(values.First(), CultureInfo.InvariantCulture) : 0;
        return (number, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async Task<DatasetChangeJson> ImportDatasetAsync(string projectId, string name, string jsonl, DatasetImportMode mode, string? note, CancellationToken cancellationToken)
    {
        var url = $"{Dataset(name)}/versions?mode={mode.ToString().ToLowerInvariant()}" + (note is null ? "" : "&note=" + Uri.EscapeDataString(note));
        using var content = new StringContent(jsonl, Encoding.UTF8, "application/x-ndjson");
        using var response = await _http.PostAsync(url, content, cancellationToken);
        return await ReadAsync<DatasetChangeJson>(response, cancellationToken);
    }

    public Task<DatasetChangeJson> AddTracesToDatasetAsync(string projectId, string name, AddTracesRequest request, CancellationToken cancellationToken) =>
        PostAsync<DatasetChangeJson>($"{Dataset(name)}/traces", request, cancellationToken);

    public Task<EvalRunJson> RunEvalAsync(string projectId, EvalRunRequest request, Func<EvaluationSettings> local, CancellationToken cancellationToken) =>
        PostAsync<EvalRunJson>("api/v1/evals/runs", request, cancellationToken);

    public Task<EvalRunListJson> ListEvalRunsAsync(string projectId, EvalRunFilter filter, int limit, CancellationToken cancellationToken)
    {
        var parameters = new List<string> { "limit=" + limit.ToString(CultureInfo.InvariantCulture) };
        Add(parameters, "feature", filter.Feature);
        Add(parameters, "release", filter.ReleaseId);
        Add(parameters, "dataset", filter.Dataset);
        return GetAsync<EvalRunListJson>("api/v1/evals/runs?" + string.Join('&', parameters), cancellationToken);
    }

    public Task<EvalRun> GetEvalRunAsync(string projectId, string runId, CancellationToken cancellationToken) =>
        GetAsync<EvalRun>($"api/v1/evals/runs/{Uri.EscapeDataString(runId)}", cancellationToken);

    public Task<EvalRunItemsJson> GetEvalRunItemsAsync(string projectId, string runId, CancellationToken cancellationToken) =>
        GetAsync<EvalRunItemsJson>($"api/v1/evals/runs/{Uri.EscapeDataString(runId)}/items", cancellationToken);

    public Task<GapJson> GetEvalGapAsync(GapRequest request, CancellationToken cancellationToken)
    {
        var parameters = new List<string>
        {
            "feature=" + Uri.EscapeDataString(request.Feature),
            "dataset=" + Uri.EscapeDataString(request.Dataset),
            "from=" + Uri.EscapeDataString(request.Range.From.ToString("O", CultureInfo.InvariantCulture)),
            "to=" + Uri.EscapeDataString(request.Range.To.ToString("O", CultureInfo.InvariantCulture)),
            "sample=" + request.Sample.ToString(CultureInfo.InvariantCulture),
            "missDistance=" + request.Options.MissDistance.ToString("R", CultureInfo.InvariantCulture),
            "clusterRadius=" + request.Options.ClusterRadius.ToString("R", CultureInfo.InvariantCulture),
        };
        return GetAsync<GapJson>("api/v1/evals/gap?" + string.Join('&', parameters), cancellationToken);
    }

    public Task<EvaluationSeries> GetEvaluationScoresAsync(EvaluationSeriesQuery query, CancellationToken cancellationToken)
    {
        var parameters = new List<string>
        {
            "feature=" + Uri.EscapeDataString(query.Feature),
            "source=" + query.Source.ToString().ToLowerInvariant(),
            "from=" + Uri.EscapeDataString(query.Range.From.ToString("O", CultureInfo.InvariantCulture)),
            "to=" + Uri.EscapeDataString(query.Range.To.ToString("O", CultureInfo.InvariantCulture)),
            "step=" + ((long)query.Step.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m",
        };
        Add(parameters, "name", query.Name);
        return GetAsync<EvaluationSeries>("api/v1/evals/scores?" + string.Join('&', parameters), cancellationToken);
    }

    private static string Dataset(string name) => $"api/v1/datasets/{Uri.EscapeDataString(name)}";

    private async Task<T> PostAsync<T>(string url, object body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(url, body, ApiJson.Options, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<T> GetAsync<T>(string url, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(url, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken)
            ?? throw new CliException($"the server answered {(int)response.StatusCode} with an empty body");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var detail = body;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            detail = root.TryGetProperty("errors", out var errors)
                ? string.Join("; ", errors.EnumerateObject().Select(e => $"{e.Name}: {string.Join(", ", e.Value.EnumerateArray().Select(v => v.GetString()))}"))
                : root.TryGetProperty("detail", out var d) ? d.GetString() ?? body : body;
        }
        catch (JsonException)
        {
        }

        throw new CliException($"the server answered {(int)response.StatusCode} {response.ReasonPhrase}: {detail}");
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
