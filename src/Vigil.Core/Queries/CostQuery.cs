namespace Vigil.Core.Queries;

/// <summary>Spend over a range, by feature and team.</summary>
public sealed record CostQuery
{
    public required string ProjectId { get; init; }
    public required TimeRange Range { get; init; }
    public SpanFilter Filter { get; init; } = SpanFilter.Any;
}

/// <summary>
/// Spend over a range. <see cref="PricedShare"/> is priced calls / calls that used tokens: the
/// spend of an unpriced call is unknown, so the share is counted in calls, never in dollars.
/// </summary>
public sealed record CostReport
{
    public required TimeRange Range { get; init; }
    public required decimal TotalCost { get; init; }
    public required long PricedCalls { get; init; }
    public required long UnpricedCalls { get; init; }
    public double PricedShare => PricedCalls + UnpricedCalls == 0 ? 1.0 : (double)PricedCalls / (PricedCalls + UnpricedCalls);
    public required IReadOnlyList<CostLine> ByFeatureAndTeam { get; init; }

    /// <summary>The models that used tokens without a price, with their call counts.</summary>
    public IReadOnlyList<UnpricedModel> UnpricedModels { get; init; } = [];
}

public sealed record CostLine(string Feature, string? Team, decimal Cost, long Calls, long PricedCalls, long UnpricedCalls, long InputTokens, long OutputTokens);

public sealed record UnpricedModel(string? Provider, string? Model, long Calls);
