using System.Globalization;
using System.Text.Json;
using Vigil.Core;
using Vigil.Core.Evals;
using Vigil.Core.Ports;
using Vigil.Core.Releases;
using Vigil.Evals;
using Vigil.Evals.Runs;
using Vigil.Server.Evaluation.Datasets;
using Vigil.Server.Releases;

namespace Vigil.Server.Evaluation.Runs;

/// <summary>
/// Turns a run request into a <see cref="RunPlan"/>: every field checked and resolved, every problem
/// reported at once and named by its field, before a single call is made.
/// </summary>
internal static class RunPlanner
{
    private const string NoKey = "none";

    public static async Task<Outcome<RunPlan>> PlanAsync(
        string project, EvalRunRequest request, IEvalStore evals, IReleaseStore releases, EvaluationSettings settings, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var feature = request.Feature;
        if (!FeatureNames.IsValid(feature))
        {
            errors.Add(feature is null ? "feature: required" : "feature: " + FeatureNames.Problem(feature));
        }

        string datasetName = "";
        int? datasetVersion = null;
        if (request.Dataset is null)
        {
            errors.Add("dataset: required (NAME or NAME@VERSION)");
        }
        else if (!DatasetRef.TryParse(request.Dataset, out datasetName, out datasetVersion, out var datasetError))
        {
            errors.Add("dataset: " + datasetError);
        }

        var (endpoint, apiKey) = Endpoint(request.Endpoint, settings.Offline, errors);
        var concurrency = request.Concurrency ?? settings.Offline.Concurrency;
        if (concurrency is < 1 or > 64)
        {
            errors.Add("concurrency: must be between 1 and 64");
        }

        var scorers = Scorers(feature, request.Scorers, settings, errors);
        var gate = Gate(request.Gate, errors);
        if (errors.Count > 0)
        {
            return new Refusal(RefusalKind.Invalid, errors);
        }

        var release = await ReleaseAsync(project, feature!, request.Release, "release", releases, cancellationToken);
        if (release.Error is { } releaseError)
        {
            return releaseError;
        }

        Release? baseline = null;
        if (gate?.Regression is not null)
        {
            var baselineId = request.Gate!.Baseline;
            var active = await releases.GetActiveAsync(project, feature!, cancellationToken);
            if (baselineId is null && (active is null || active.ReleaseId == release.Value!.Id))
            {
                return new Refusal(RefusalKind.Invalid, "gate.baseline: required with gate.maxDrop when the release evaluated is the active one (compare with which release?)");
            }

            var found = await ReleaseAsync(project, feature!, baselineId ?? active!.ReleaseId, "gate.baseline", releases, cancellationToken);
            if (found.Error is { } baselineError)
            {
                return baselineError;
            }

            baseline = found.Value;
        }

        var dataset = await evals.GetDatasetAsync(project, datasetName, datasetVersion, cancellationToken);
        if (dataset is not { } d)
        {
            return DatasetService.Missing(datasetName, datasetVersion);
        }

        var plan = new RunPlan(project, feature!, release.Value!, request.Model ?? release.Value!.Model.Model, d.Version, d.Items, scorers!, gate, baseline, concurrency, endpoint!, apiKey, settings.Offline.Timeout);
        foreach (var (r, field) in new[] { (plan.Release, "release"), (baseline, "gate.baseline") })
        {
            if (r is not null && (TargetProblem(plan, r) ?? PromptProblem(r, d.Items)) is { } problem)
            {
                return new Refusal(RefusalKind.Invalid, $"{field}: {r.Id}'s {problem}");
            }
        }

        var names = plan.Scorers.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = (gate?.Thresholds.Select(t => t.Scorer) ?? []).Concat(gate?.Regression?.Scorers ?? []).Where(n => !names.Contains(n)).Distinct().ToList();
        return unknown.Count > 0
            ? new Refusal(RefusalKind.Invalid, $"gate: {string.Join(", ", unknown.Select(n => $"'{n}'"))} is not a scorer of this run (its scorers: {string.Join(", ", names)})")
            : Outcome<RunPlan>.Ok(plan);
    }

    private static async Task<Outcome<Release>> ReleaseAsync(
        string project, string feature, string? id, string field, IReleaseStore releases, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            var active = await releases.GetActiveAsync(project, feature, cancellationToken);
            if (active is null)
            {
                return new Refusal(RefusalKind.NotFound, $"feature '{feature}' has no active release; name one with {field}");
            }

            id = active.ReleaseId;
        }

        if (!ReleaseIds.TryParse(id, out var number))
        {
            return new Refusal(RefusalKind.Invalid, $"{field}: '{id}' is not a release id (r1, r2, …)");
        }

        return await releases.GetReleaseAsync(project, feature, number, cancellationToken) is { } release
            ? Outcome<Release>.Ok(release)
            : new Refusal(RefusalKind.NotFound, $"feature '{feature}' has no release {id}");
    }

    /// <summary>The configured key goes only to the configured endpoint; an endpoint named in a request is called without it.</summary>
    private static (Uri? Endpoint, string ApiKey) Endpoint(string? requested, OfflineEvaluationSettings offline, List<string> errors)
    {
        if (requested is null)
        {
            if (offline.Endpoint is null)
            {
                errors.Add("endpoint: required (no evaluation.offline.endpoint is configured): an OpenAI-compatible base URL such as http://127.0.0.1:8080/v1");
                return (null, NoKey);
            }

            return (offline.Endpoint, ConfiguredKey(offline));
        }

        if (!Uri.TryCreate(requested, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add($"endpoint: '{requested}' is not an http(s) URL");
            return (null, NoKey);
        }

        return (uri, offline.Endpoint is { } configured && Uri.Compare(configured, uri, UriComponents.HttpRequestUrl, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? ConfiguredKey(offline)
            : NoKey);
    }

    private static string ConfiguredKey(OfflineEvaluationSettings offline) =>
        Environment.GetEnvironmentVariable(offline.ApiKeyEnv) is { Length: > 0 } key ? key : NoKey;

    private static List<IScorer>? Scorers(string? feature, IReadOnlyList<ScorerRequest>? requested, EvaluationSettings settings, List<string> errors)
    {
        List<(string? Name, IReadOnlyDictionary<string, object?> Options)>? specs =
            requested?.Select(s => (s?.Name, (IReadOnlyDictionary<string, object?>)Options(s?.Options))).ToList()
            ?? settings.Online.FirstOrDefault(f => f.Feature == feature)?.Scorers.Select(s => ((string?)s.Name, s.Options)).ToList();
        if (specs is null || specs.Count == 0)
        {
            errors.Add($"scorers: none given, and feature '{feature}' has no scorers in evaluation.online (known: {string.Join(", ", ScorerFactory.Names)})");
            return null;
        }

        var scorers = new List<IScorer>();
        for (var i = 0; i < specs.Count; i++)
        {
            var (name, options) = specs[i];
            if (string.IsNullOrEmpty(name))
            {
                errors.Add($"scorers[{i}].name: required (known: {string.Join(", ", ScorerFactory.Names)})");
                continue;
            }

            if (specs.Take(i).Any(s => s.Name == name))
            {
                errors.Add($"scorers[{i}].name: '{name}' is given twice");
                continue;
            }

            try
            {
                scorers.Add(ScorerFactory.Create(name, options));
            }
            catch (ScorerOptionsException ex)
            {
                errors.AddRange(ex.Problems.Select(p => p.Option == "name" ? $"scorers[{i}].name: {p.Message}" : $"scorers[{i}].options.{p.Option}: {p.Message}"));
            }
        }

        return scorers;
    }

    private static Dictionary<string, object?> Options(IReadOnlyDictionary<string, JsonElement>? options) =>
        (options ?? new Dictionary<string, JsonElement>()).ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);

    private static GateSpec? Gate(GateRequest? request, List<string> errors)
    {
        if (request is null)
        {
            return null;
        }

        static IEnumerable<string> Pairs(IReadOnlyDictionary<string, double>? map) =>
            (map ?? new Dictionary<string, double>()).Select(p => p.Key + "=" + p.Value.ToString("R", CultureInfo.InvariantCulture));

        var parsed = GateSpec.Parse(Pairs(request.MinMean), Pairs(request.MinPassRate), request.MaxDrop, request.RegressionScorers ?? []);
        errors.AddRange(parsed.Errors.Select(e => e
            .Replace(GateSpec.MinMeanArgument, "gate.minMean", StringComparison.Ordinal)
            .Replace(GateSpec.MinPassRateArgument, "gate.minPassRate", StringComparison.Ordinal)
            .Replace(GateSpec.MaxDropArgument, "gate.maxDrop", StringComparison.Ordinal)
            .Replace(GateSpec.RegressionScorerArgument, "gate.regressionScorers", StringComparison.Ordinal)));
        if (request.Baseline is not null && request.MaxDrop is null)
        {
            errors.Add("gate.baseline: needs gate.maxDrop (the largest drop of a scorer's mean to tolerate, e.g. 0.05)");
        }

        return parsed.IsValid && !parsed.Spec!.IsEmpty ? parsed.Spec : null;
    }

    /// <summary>The prompt's variables some items do not provide (every item would fail), or null.</summary>
    private static string? PromptProblem(Release release, IReadOnlyList<DatasetItem> items)
    {
        if (string.IsNullOrEmpty(release.Prompt.Template) || PromptTemplates.Check(release.Prompt.Template) is not null)
        {
            return null;
        }

        var variables = PromptTemplates.Variables(release.Prompt.Template);
        var lacking = items.Select(i => (Item: i, Missing: variables.Where(v => !PromptVariables.Provides(i, v)).ToList())).Where(x => x.Missing.Count > 0).ToList();
        return lacking.Count == 0
            ? null
            : $"prompt reads {string.Join(", ", lacking.SelectMany(x => x.Missing).Distinct())}, which {lacking.Count} of {items.Count} items do not provide "
                + $"(first: '{lacking[0].Item.Id}'; items provide input, context, context_text and their metadata keys)";
    }

    /// <summary>Why the release cannot be called (a model parameter offline runs do not send), or null.</summary>
    private static string? TargetProblem(RunPlan plan, Release release)
    {
        try
        {
            _ = new ChatCompletionTarget(plan.TargetOptions(release, release.Model.Model));
            return null;
        }
        catch (ArgumentException ex)
        {
            return "model." + (ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal));
        }
    }
}

/// <summary>A checked run request: everything resolved, ready to call.</summary>
internal sealed record RunPlan(
    string Project, string Feature, Release Release, string Model, DatasetVersion Dataset, IReadOnlyList<DatasetItem> Items,
    IReadOnlyList<IScorer> Scorers, GateSpec? Gate, Release? Baseline, int Concurrency, Uri Endpoint, string ApiKey, TimeSpan Timeout)
{
    /// <summary>How to call <paramref name="release"/>: its parameters and prompt, and headers that name it (a Vigil gateway serves it).</summary>
    public ChatTargetOptions TargetOptions(Release release, string model) => new()
    {
        BaseUrl = Endpoint,
        ApiKey = ApiKey,
        Model = model,
        Parameters = release.Model.Parameters,
        SystemPrompt = item => PromptVariables.Render(release.Prompt.Template, item),
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x-vigil-feature"] = Feature, ["x-vigil-release"] = release.Id },
        Timeout = Timeout,
    };
}
