using Vigil.Core.Spans;

namespace Vigil.Core.Pricing;

/// <summary>
/// Prices one call from its token usage. Cached input tokens are part of the input tokens and are
/// priced at the cache rate, never twice; reasoning tokens are part of the output tokens.
/// </summary>
public static class PriceCalculator
{
    public static PricingOutcome Price(PriceCatalog catalog, string? provider, string? model, TokenUsage usage, DateTimeOffset at) =>
        throw new NotImplementedException();
}
