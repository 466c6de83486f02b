using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Core.Evals;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// The JSON text columns of the eval tables (migration 0007; source-generated, no reflection). The
/// stored shapes are this file's own records, not Core's, so renaming a Core property cannot change
/// stored rows. Doubles keep every value, NaN and ±∞ included (as "NaN", "Infinity").
/// </summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<StoredDocument>))]
[JsonSerializable(typeof(List<StoredSummary>))]
[JsonSerializable(typeof(List<StoredScore>))]
[JsonSerializable(typeof(StoredGate))]
internal sealed partial class EvalJson : JsonSerializerContext
{
    private const string EmptyArray = "[]";
    private const string EmptyObject = "{}";

    public static string SerializeContext(IReadOnlyList<DatasetDocument> context) =>
        context.Count == 0
            ? EmptyArray
            : JsonSerializer.Serialize(context.Select(d => new StoredDocument(d.Id, d.Text)).ToList(), Default.ListStoredDocument);

    public static List<DatasetDocument> DeserializeContext(string json) =>
        json == EmptyArray
            ? []
            : [.. (JsonSerializer.Deserialize(json, Default.ListStoredDocument) ?? []).Select(d => new DatasetDocument(d.Id, d.Text))];

    public static string SerializeMetadata(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Count == 0
            ? EmptyObject
            : JsonSerializer.Serialize(
                metadata as Dictionary<string, string> ?? new Dictionary<string, string>(metadata, StringComparer.Ordinal),
                Default.DictionaryStringString);

    public static Dictionary<string, string> DeserializeMetadata(string json) =>
        json == EmptyObject
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(JsonSerializer.Deserialize(json, Default.DictionaryStringString) ?? [], StringComparer.Ordinal);

    public static string SerializeScorers(IReadOnlyList<string> scorers) =>
        scorers.Count == 0 ? EmptyArray : JsonSerializer.Serialize(scorers as List<string> ?? [.. scorers], Default.ListString);

    public static List<string> DeserializeScorers(string json) =>
        json == EmptyArray ? [] : JsonSerializer.Deserialize(json, Default.ListString) ?? [];

    public static string SerializeSummary(IReadOnlyList<ScorerSummary> summary) =>
        summary.Count == 0
            ? EmptyArray
            : JsonSerializer.Serialize(
                summary.Select(s => new StoredSummary(s.Scorer, s.Count, s.Mean, s.MeanLow, s.MeanHigh, s.PassRate, s.PassRateLow, s.PassRateHigh)).ToList(),
                Default.ListStoredSummary);

    public static List<ScorerSummary> DeserializeSummary(string json) =>
        json == EmptyArray
            ? []
            : [.. (JsonSerializer.Deserialize(json, Default.ListStoredSummary) ?? [])
                .Select(s => new ScorerSummary(s.Scorer, s.Count, s.Mean, s.MeanLow, s.MeanHigh, s.PassRate, s.PassRateLow, s.PassRateHigh))];

    public static string SerializeScores(IReadOnlyList<ItemScore> scores) =>
        scores.Count == 0
            ? EmptyArray
            : JsonSerializer.Serialize(scores.Select(s => new StoredScore(s.Scorer, s.Value, s.Passed, s.Explanation)).ToList(), Default.ListStoredScore);

    public static List<ItemScore> DeserializeScores(string json) =>
        json == EmptyArray
            ? []
            : [.. (JsonSerializer.Deserialize(json, Default.ListStoredScore) ?? []).Select(s => new ItemScore(s.Scorer, s.Value, s.Passed, s.Explanation))];

    public static string? SerializeGate(GateVerdict? gate) =>
        gate is null
            ? null
            : JsonSerializer.Serialize(
                new StoredGate(gate.Passed, [.. gate.Checks.Select(c => new StoredCheck(
                    FormatKind(c.Kind), c.Scorer, FormatMetric(c.Metric), c.Limit, c.Observed, c.Bound, c.BaselineRunId, c.Passed, c.Explanation))]),
                Default.StoredGate);

    public static GateVerdict? DeserializeGate(string? json)
    {
        if (json is null)
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize(json, Default.StoredGate) ?? throw new InvalidDataException("a stored gate verdict is null");
        return new GateVerdict(
            stored.Passed,
            [.. stored.Checks.Select(c => new GateCheck(
                ParseKind(c.Kind), c.Scorer, ParseMetric(c.Metric), c.Limit, c.Observed, c.Bound, c.BaselineRunId, c.Passed, c.Explanation))]);
    }

    private static string FormatKind(GateCheckKind kind) => kind switch
    {
        GateCheckKind.Threshold => "threshold",
        GateCheckKind.Regression => "regression",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a gate check kind"),
    };

    private static GateCheckKind ParseKind(string kind) => kind switch
    {
        "threshold" => GateCheckKind.Threshold,
        "regression" => GateCheckKind.Regression,
        _ => throw new InvalidDataException($"'{kind}' is not a stored gate check kind"),
    };

    private static string FormatMetric(GateMetric metric) => metric switch
    {
        GateMetric.Mean => "mean",
        GateMetric.PassRate => "pass_rate",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a gate metric"),
    };

    private static GateMetric ParseMetric(string metric) => metric switch
    {
        "mean" => GateMetric.Mean,
        "pass_rate" => GateMetric.PassRate,
        _ => throw new InvalidDataException($"'{metric}' is not a stored gate metric"),
    };
}

internal sealed record StoredDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("text")] string Text);

internal sealed record StoredSummary(
    [property: JsonPropertyName("scorer")] string Scorer,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("mean")] double Mean,
    [property: JsonPropertyName("mean_low")] double MeanLow,
    [property: JsonPropertyName("mean_high")] double MeanHigh,
    [property: JsonPropertyName("pass_rate")] double PassRate,
    [property: JsonPropertyName("pass_rate_low")] double PassRateLow,
    [property: JsonPropertyName("pass_rate_high")] double PassRateHigh);

internal sealed record StoredScore(
    [property: JsonPropertyName("scorer")] string Scorer,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("explanation")] string Explanation);

internal sealed record StoredGate(
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("checks")] List<StoredCheck> Checks);

internal sealed record StoredCheck(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("scorer")] string Scorer,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("limit")] double Limit,
    [property: JsonPropertyName("observed")] double Observed,
    [property: JsonPropertyName("bound")] double? Bound,
    [property: JsonPropertyName("baseline_run_id")] string? BaselineRunId,
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("explanation")] string Explanation);
