using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Server.Evaluation.Runs;

/// <summary>
/// Body of <c>POST /api/v1/evals/runs</c> (and what <c>vigil eval run</c> sends): a dataset, a feature's
/// release as the target, scorers, and an optional gate. Omitted: the feature's active release, the
/// feature's online scorers, the configured endpoint, the release's model.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EvalRunRequest
{
    public string? Feature { get; init; }

    /// <summary>The release to evaluate (<c>r3</c>); default: the feature's active release.</summary>
    public string? Release { get; init; }

    /// <summary><c>name</c> or <c>name@version</c>.</summary>
    public string? Dataset { get; init; }

    /// <summary>Scorers by name with options; default: the feature's scorers of <c>evaluation.online</c>.</summary>
    public IReadOnlyList<ScorerRequest>? Scorers { get; init; }

    /// <summary>An OpenAI-compatible base URL; default <c>evaluation.offline.endpoint</c>. Another endpoint is called without the configured key.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The model name sent to the endpoint; default the release's model.</summary>
    public string? Model { get; init; }

    public GateRequest? Gate { get; init; }

    /// <summary>Calls in flight at once (1–64); default <c>evaluation.offline.concurrency</c>.</summary>
    public int? Concurrency { get; init; }
}

/// <summary>A scorer by name and its options (the same options as in vigil.yaml).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ScorerRequest(string? Name, IReadOnlyDictionary<string, JsonElement>? Options);

/// <summary>
/// A gate: minimum mean score and/or pass rate per scorer, and "no regression against release
/// <see cref="Baseline"/> beyond <see cref="MaxDrop"/>" judged with a 95 % confidence bound.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record GateRequest
{
    public IReadOnlyDictionary<string, double>? MinMean { get; init; }
    public IReadOnlyDictionary<string, double>? MinPassRate { get; init; }

    /// <summary>The largest tolerated drop of a scorer's mean (0–1).</summary>
    public double? MaxDrop { get; init; }

    /// <summary>The release to compare with; default the active release when another is evaluated.</summary>
    public string? Baseline { get; init; }

    /// <summary>The scorers the regression check covers; default every scorer of the run.</summary>
    public IReadOnlyList<string>? RegressionScorers { get; init; }
}
