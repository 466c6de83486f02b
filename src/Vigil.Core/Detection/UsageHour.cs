using Vigil.Core.Queries;

namespace Vigil.Core.Detection;

/// <summary>A dimension LLM usage can be split by.</summary>
public enum UsageDimension
{
    Feature,
    Team,

    /// <summary>The requested model (the response model when none was requested).</summary>
    Model,
    Provider,
    Release,
    PromptVersion,
}

/// <summary>LLM usage of a project per hour, split by <see cref="Dimensions"/> (in that order in <see cref="UsageHour.Keys"/>), optionally within one feature.</summary>
public sealed record UsageQuery
{
    public required string ProjectId { get; init; }
    public required TimeRange Range { get; init; }
    public required IReadOnlyList<UsageDimension> Dimensions { get; init; }
    public string? Feature { get; init; }
}

/// <summary>
/// One hour of one group's usage: tasks are the distinct traces with a span of the group in the hour, calls the
/// LLM spans (chat, text completion, content generation, embeddings), tokens input and output, cost what Vigil
/// priced (the reported cost when Vigil could not price the call). <see cref="Keys"/> holds the group's value per
/// dimension, null where the span had none.
/// </summary>
public sealed record UsageHour(
    IReadOnlyList<string?> Keys, DateTimeOffset Hour, long Tasks, long Calls, long InputTokens, long OutputTokens, double CostUsd);

/// <summary>One provider, model and hour of calls that reported a billed cost: their tokens, Vigil's catalog cost and the billed cost.</summary>
public sealed record BilledHour(
    string Provider, string Model, DateTimeOffset Hour, long Calls, long InputTokens, long OutputTokens, double CatalogCostUsd, double BilledCostUsd);

/// <summary>How many LLM and tool spans one trace had; <see cref="Start"/> is its earliest span's start.</summary>
public sealed record TraceStepCount(string TraceId, DateTimeOffset Start, int Steps);
