using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Core.Releases;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// The JSON text columns of the release tables (source-generated, no reflection). The stored shapes
/// are this file's own records, not Core's, so renaming a Core property cannot change stored rows.
/// </summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<StoredTarget>))]
[JsonSerializable(typeof(List<StoredChange>))]
internal sealed partial class ReleaseJson : JsonSerializerContext
{
    private const string EmptyArray = "[]";

    public static string SerializeParameters(IReadOnlyDictionary<string, string> parameters) =>
        JsonSerializer.Serialize(
            parameters as Dictionary<string, string> ?? new Dictionary<string, string>(parameters, StringComparer.Ordinal),
            Default.DictionaryStringString);

    /// <summary>Sorted by name (ordinal), like <see cref="ModelAxis(string, string)"/> makes them.</summary>
    public static SortedDictionary<string, string> DeserializeParameters(string json) =>
        new(JsonSerializer.Deserialize(json, Default.DictionaryStringString) ?? [], StringComparer.Ordinal);

    public static string SerializeTargets(IReadOnlyList<RouteTarget> targets) =>
        targets.Count == 0
            ? EmptyArray
            : JsonSerializer.Serialize(targets.Select(t => new StoredTarget(t.Provider, t.Model, t.Weight)).ToList(), Default.ListStoredTarget);

    public static List<RouteTarget> DeserializeTargets(string json) =>
        json == EmptyArray
            ? []
            : [.. (JsonSerializer.Deserialize(json, Default.ListStoredTarget) ?? []).Select(t => new RouteTarget(t.Provider, t.Model, t.Weight))];

    public static string SerializeChanges(IReadOnlyList<AxisChange> changes) =>
        changes.Count == 0
            ? EmptyArray
            : JsonSerializer.Serialize(changes.Select(c => new StoredChange(ReleaseAxisNames.Format(c.Axis), c.Field, c.From, c.To)).ToList(), Default.ListStoredChange);

    public static List<AxisChange> DeserializeChanges(string json) =>
        json == EmptyArray
            ? []
            : [.. (JsonSerializer.Deserialize(json, Default.ListStoredChange) ?? []).Select(c => new AxisChange(ReleaseAxisNames.Parse(c.Axis), c.Field, c.From, c.To))];
}

internal sealed record StoredTarget(
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("weight")] double Weight);

internal sealed record StoredChange(
    [property: JsonPropertyName("axis")] string Axis,
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("to")] string? To);

/// <summary>Axis names as stored: lower case (<c>model</c>, <c>prompt</c>, <c>index</c>, <c>routing</c>).</summary>
internal static class ReleaseAxisNames
{
    public static string Format(ReleaseAxis axis) => axis switch
    {
        ReleaseAxis.Model => "model",
        ReleaseAxis.Prompt => "prompt",
        ReleaseAxis.Index => "index",
        ReleaseAxis.Routing => "routing",
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "not a release axis"),
    };

    public static ReleaseAxis Parse(string name) => name switch
    {
        "model" => ReleaseAxis.Model,
        "prompt" => ReleaseAxis.Prompt,
        "index" => ReleaseAxis.Index,
        "routing" => ReleaseAxis.Routing,
        _ => throw new InvalidDataException($"'{name}' is not a stored release axis"),
    };

    /// <summary>Comma-separated, in the given order (<c>rolled_back_axes</c>).</summary>
    public static string FormatList(IReadOnlyList<ReleaseAxis> axes) => string.Join(',', axes.Select(Format));

    public static List<ReleaseAxis> ParseList(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse)];
}
