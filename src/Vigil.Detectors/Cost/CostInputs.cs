namespace Vigil.Detectors.Cost;

/// <summary>
/// One hour of one subject's (feature, team or model) LLM spend, as the store's rollups give it:
/// tasks are root traces, calls are LLM spans, tokens are input + output.
/// </summary>
public sealed record CostHour(
    DateTimeOffset HourStart, long Tasks, long Calls, long InputTokens, long OutputTokens, double CostUsd)
{
    public long Tokens => InputTokens + OutputTokens;
}

/// <summary>
/// The same measures as <see cref="CostHour"/> for one value of a breakdown dimension
/// (<c>prompt_version</c>, <c>model</c>, <c>team</c>, <c>release</c>) within the subject.
/// The rows of one dimension in one window partition the subject's totals.
/// </summary>
public sealed record CostBreakdownRow(
    string Dimension, string Value, DateTimeOffset HourStart,
    long Tasks, long Calls, long InputTokens, long OutputTokens, double CostUsd)
{
    public long Tokens => InputTokens + OutputTokens;
}

/// <summary>How many steps (LLM and tool spans) one trace of a feature took.</summary>
public sealed record TraceSteps(string TraceId, DateTimeOffset Start, int Steps);

/// <summary>One hour of one provider and model's token and cost sums, input and output priced apart.</summary>
public sealed record ModelPriceHour(
    string Provider, string Model, DateTimeOffset HourStart,
    long InputTokens, long OutputTokens, double InputCostUsd, double OutputCostUsd);
