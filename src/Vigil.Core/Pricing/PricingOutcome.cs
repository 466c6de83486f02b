using Vigil.Core.Spans;

namespace Vigil.Core.Pricing;

/// <summary>
/// The result of pricing one call: the status, the cost in USD when priced, the price that was
/// applied, and for an unpriced call the reason (no price for the model, no model named, …).
/// </summary>
public sealed record PricingOutcome(PricingStatus Status, decimal? Cost, ModelPrice? Price, string? Reason)
{
    public static readonly PricingOutcome NotApplicable = new(PricingStatus.NotApplicable, null, null, null);
}
