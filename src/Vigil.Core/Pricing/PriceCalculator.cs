using System.Globalization;
using Vigil.Core.Spans;

namespace Vigil.Core.Pricing;

/// <summary>
/// Prices one call from its token usage. Cached input tokens are part of the input tokens and are
/// priced at the cache rate, never twice; reasoning tokens are part of the output tokens.
/// </summary>
/// <remarks>
/// cost = ((input − cacheRead − cacheWrite)·input rate + cacheRead·cache-read rate
/// + cacheWrite·cache-write rate + (output − reasoning)·output rate + reasoning·reasoning rate) / 10⁶,
/// in decimal. A missing cache rate is the input rate and a missing reasoning rate the output rate.
/// When the input exceeds a long-context tier's threshold, the highest such tier prices the whole
/// call; a cache rate the tier does not set is the model's own (as LiteLLM prices it).
/// Inconsistent counts never make a cost negative: negative counts count as zero, and cached or
/// reasoning tokens beyond the input or output are trusted while the uncached or non-reasoning
/// remainder is clamped at zero (some instrumentations report Anthropic's input without the cache).
/// </remarks>
public static class PriceCalculator
{
    private const decimal TokensPerUnit = 1_000_000m;

    public static PricingOutcome Price(PriceCatalog catalog, string? provider, string? model, TokenUsage usage, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(usage);
        if (!HasTokens(usage))
        {
            return PricingOutcome.NotApplicable;
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            return new PricingOutcome(PricingStatus.Unpriced, null, null, "the call names no model (gen_ai.request.model or gen_ai.response.model)");
        }

        var price = catalog.Find(provider, model, at);
        if (price is null)
        {
            return new PricingOutcome(PricingStatus.Unpriced, null, null, UnpricedReason(catalog, provider, model, at));
        }

        return new PricingOutcome(PricingStatus.Priced, Cost(price, usage), price, null);
    }

    /// <summary>The cost in USD of <paramref name="usage"/> at <paramref name="price"/>.</summary>
    public static decimal Cost(ModelPrice price, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(price);
        ArgumentNullException.ThrowIfNull(usage);
        var cacheRead = Count(usage.CacheRead);
        var cacheWrite = Count(usage.CacheWrite);
        var input = Math.Max(Count(usage.Input), cacheRead + cacheWrite);
        var reasoning = Count(usage.Reasoning);
        var output = Math.Max(Count(usage.Output), reasoning);

        var tier = TierFor(price, input);
        var inputRate = tier?.InputPerMillion ?? price.InputPerMillion;
        var outputRate = tier?.OutputPerMillion ?? price.OutputPerMillion;
        var cacheReadRate = tier?.CacheReadPerMillion ?? price.CacheReadPerMillion ?? inputRate;
        var cacheWriteRate = tier?.CacheWritePerMillion ?? price.CacheWritePerMillion ?? inputRate;
        var reasoningRate = price.ReasoningPerMillion ?? outputRate;

        var perMillion = Term(input - cacheRead - cacheWrite, inputRate)
            + Term(cacheRead, cacheReadRate)
            + Term(cacheWrite, cacheWriteRate)
            + Term(output - reasoning, outputRate)
            + Term(reasoning, reasoningRate);
        return perMillion / TokensPerUnit;
    }

    private static decimal Term(decimal tokens, decimal ratePerMillion) => tokens == 0 ? 0 : tokens * ratePerMillion;

    private static string UnpricedReason(PriceCatalog catalog, string? provider, string model, DateTimeOffset at)
    {
        var from = string.IsNullOrWhiteSpace(provider) ? "" : $" from provider '{provider}'";
        return catalog.Find(provider, model, DateTimeOffset.MaxValue) is null
            ? $"no price for model '{model}'{from}"
            : string.Create(CultureInfo.InvariantCulture, $"no price for model '{model}'{from} in effect at {at:O}: its prices start later");
    }

    private static bool HasTokens(TokenUsage usage) =>
        Count(usage.Input) + Count(usage.Output) + Count(usage.CacheRead) + Count(usage.CacheWrite) + Count(usage.Reasoning) > 0;

    private static decimal Count(long? tokens) => tokens is > 0 ? tokens.Value : 0m;

    /// <summary>The tier with the highest threshold below the input, or null when none applies.</summary>
    private static PriceTier? TierFor(ModelPrice price, decimal input)
    {
        PriceTier? applies = null;
        foreach (var tier in price.Tiers)
        {
            if (input > tier.AboveInputTokens && (applies is null || tier.AboveInputTokens > applies.AboveInputTokens))
            {
                applies = tier;
            }
        }

        return applies;
    }
}
