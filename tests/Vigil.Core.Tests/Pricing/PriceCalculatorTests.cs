using Vigil.Core.Pricing;
using Vigil.Core.Spans;

namespace Vigil.Core.Tests.Pricing;

/// <summary>Worked examples: every expected cost is computed by hand in the comment above it.</summary>
public sealed class PriceCalculatorTests
{
    private static readonly DateTimeOffset At = new(2025, 9, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PriceCatalog BuiltIn = BuiltInPrices.Catalog;

    private static PricingOutcome Price(string? provider, string? model, TokenUsage usage) =>
        PriceCalculator.Price(BuiltIn, provider, model, usage, At);

    [Fact]
    public void Price_InputAndOutput_ArePricedPerMillionAtTheirRates()
    {
        // gpt-4o at $2.50 / $10: 1,000 × 2.50 + 500 × 10 = 7,500 per million → $0.0075.
        var outcome = Price("openai", "gpt-4o", new TokenUsage { Input = 1_000, Output = 500 });

        Assert.Equal(PricingStatus.Priced, outcome.Status);
        Assert.Equal(0.0075m, outcome.Cost);
        Assert.Equal("gpt-4o", outcome.Price?.Model);
        Assert.Null(outcome.Reason);
    }

    [Fact]
    public void Price_CachedInputTokens_ArePricedAtCacheRateNotTwice()
    {
        // gpt-4o: 10,000 input of which 6,000 cached, 100 output:
        // 4,000 × 2.50 + 6,000 × 1.25 + 100 × 10 = 10,000 + 7,500 + 1,000 = 18,500 → $0.0185.
        var outcome = Price("openai", "gpt-4o", new TokenUsage { Input = 10_000, CacheRead = 6_000, Output = 100 });

        Assert.Equal(0.0185m, outcome.Cost);
    }

    [Fact]
    public void Price_CacheReadsAndWrites_ArePricedAtTheirOwnRates()
    {
        // claude-3-5-sonnet at $3 / $15, cache read $0.30, cache write $3.75: 10,000 input of which
        // 8,000 read from and 1,000 written to the cache, 500 output:
        // 1,000 × 3 + 8,000 × 0.30 + 1,000 × 3.75 + 500 × 15 = 3,000 + 2,400 + 3,750 + 7,500 = 16,650 → $0.01665.
        var outcome = Price("anthropic", "claude-3-5-sonnet-20241022", new TokenUsage { Input = 10_000, CacheRead = 8_000, CacheWrite = 1_000, Output = 500 });

        Assert.Equal(0.01665m, outcome.Cost);
    }

    [Fact]
    public void Price_NoCacheRate_CachedTokensCostTheInputRate()
    {
        // gpt-4-turbo has no cache rate: 1,000 × 10 = 10,000 → $0.01, cached or not.
        var outcome = Price("openai", "gpt-4-turbo", new TokenUsage { Input = 1_000, CacheRead = 400 });

        Assert.Equal(0.01m, outcome.Cost);
    }

    [Fact]
    public void Price_LongContext_WholeCallIsPricedAtTheTier()
    {
        // gemini-1.5-pro: $1.25 / $5 up to 128k input, $2.50 / $10 for the whole call above it.
        // 128,000 in, 1,000 out: 128,000 × 1.25 + 1,000 × 5 = 165,000 → $0.165.
        // 128,001 in, 1,000 out: 128,001 × 2.50 + 1,000 × 10 = 330,002.5 → $0.3300025.
        // 200,000 in, 1,000 out: 200,000 × 2.50 + 1,000 × 10 = 510,000 → $0.51.
        Assert.Equal(0.165m, Price("gcp.gemini", "gemini-1.5-pro", new TokenUsage { Input = 128_000, Output = 1_000 }).Cost);
        Assert.Equal(0.3300025m, Price("gcp.gemini", "gemini-1.5-pro", new TokenUsage { Input = 128_001, Output = 1_000 }).Cost);
        Assert.Equal(0.51m, Price("gcp.vertex_ai", "gemini-1.5-pro-002", new TokenUsage { Input = 200_000, Output = 1_000 }).Cost);
    }

    [Fact]
    public void Price_LongContextWithCache_UsesTheTiersCacheRates()
    {
        // claude-sonnet-4 above 200k: $6 / $22.50, cache read $0.60. 250,000 in of which 200,000 cached, 2,000 out:
        // 50,000 × 6 + 200,000 × 0.60 + 2,000 × 22.50 = 300,000 + 120,000 + 45,000 = 465,000 → $0.465.
        var outcome = Price("anthropic", "claude-sonnet-4-20250514", new TokenUsage { Input = 250_000, CacheRead = 200_000, Output = 2_000 });

        Assert.Equal(0.465m, outcome.Cost);
    }

    [Fact]
    public void Price_SeveralTiersApply_TheHighestWins()
    {
        var price = PriceCatalogTests.Price("acme-long", 1m, 2m) with
        {
            CacheReadPerMillion = 0.5m,
            Tiers =
            [
                new PriceTier { AboveInputTokens = 200_000, InputPerMillion = 4m, OutputPerMillion = 8m },
                new PriceTier { AboveInputTokens = 100_000, InputPerMillion = 2m, OutputPerMillion = 4m },
            ],
        };
        var catalog = PriceCatalog.Create([price]);

        // 150,000 in, 10,000 cached, 1,000 out → 100k tier, cache at the model's own $0.50:
        // 140,000 × 2 + 10,000 × 0.5 + 1,000 × 4 = 280,000 + 5,000 + 4,000 = 289,000 → $0.289.
        Assert.Equal(0.289m, PriceCalculator.Price(catalog, null, "acme-long", new TokenUsage { Input = 150_000, CacheRead = 10_000, Output = 1_000 }, At).Cost);

        // 250,000 in, 1,000 out → 200k tier: 250,000 × 4 + 1,000 × 8 = 1,008,000 → $1.008.
        Assert.Equal(1.008m, PriceCalculator.Price(catalog, null, "acme-long", new TokenUsage { Input = 250_000, Output = 1_000 }, At).Cost);
    }

    [Theory]
    [InlineData("openai", "gpt-4o-2024-08-06")]
    [InlineData("openai", "openai/gpt-4o")]
    [InlineData("azure.ai.openai", "gpt-4o-2024-11-20")]
    [InlineData(null, "GPT-4o")]
    public void Price_DatedOrPrefixedName_IsPricedAsTheCanonicalModel(string? provider, string model)
    {
        // 1,000,000 in × $2.50 + 1,000,000 out × $10 = $12.50.
        var outcome = Price(provider, model, new TokenUsage { Input = 1_000_000, Output = 1_000_000 });

        Assert.Equal(PricingStatus.Priced, outcome.Status);
        Assert.Equal(12.5m, outcome.Cost);
    }

    [Fact]
    public void Price_BedrockModelId_IsPricedAsTheAnthropicModel()
    {
        // claude-3-5-haiku at $0.80 / $4: 1,000 × 0.80 + 1,000 × 4 = 4,800 → $0.0048.
        var outcome = Price("aws.bedrock", "us.anthropic.claude-3-5-haiku-20241022-v1:0", new TokenUsage { Input = 1_000, Output = 1_000 });

        Assert.Equal(0.0048m, outcome.Cost);
    }

    [Fact]
    public void Price_PriceChange_CallIsPricedAtTheRateOfItsTime()
    {
        var change = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var catalog = PriceCatalog.Create(
        [
            PriceCatalogTests.Price("acme-1", 1m, 2m, from: new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            PriceCatalogTests.Price("acme-1", 0.5m, 1m, from: change),
        ]);
        var usage = new TokenUsage { Input = 1_000_000, Output = 1_000_000 };

        // Before: 1 × 1 + 1 × 2 = $3. After: 1 × 0.5 + 1 × 1 = $1.50.
        Assert.Equal(3m, PriceCalculator.Price(catalog, null, "acme-1", usage, change.AddSeconds(-1)).Cost);
        Assert.Equal(1.5m, PriceCalculator.Price(catalog, null, "acme-1", usage, change).Cost);
    }

    [Fact]
    public void Price_UnknownModel_IsUnpricedNamingTheModel()
    {
        var outcome = Price("acme", "acme-unknown-7b", new TokenUsage { Input = 10, Output = 10 });

        Assert.Equal(PricingStatus.Unpriced, outcome.Status);
        Assert.Null(outcome.Cost);
        Assert.Null(outcome.Price);
        Assert.Contains("'acme-unknown-7b'", outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Price_NoModel_IsUnpricedSayingSo(string? model)
    {
        var outcome = Price("openai", model, new TokenUsage { Input = 10 });

        Assert.Equal(PricingStatus.Unpriced, outcome.Status);
        Assert.Null(outcome.Cost);
        Assert.Contains("no model", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Price_CallBeforeTheFirstPrice_IsUnpricedSayingWhy()
    {
        var catalog = PriceCatalog.Create([PriceCatalogTests.Price("acme-1", 1m, 2m, from: At.AddDays(1))]);

        var outcome = PriceCalculator.Price(catalog, null, "acme-1", new TokenUsage { Input = 10 }, At);

        Assert.Equal(PricingStatus.Unpriced, outcome.Status);
        Assert.Contains("start later", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Price_NoUsage_IsNotApplicable()
    {
        Assert.Same(PricingOutcome.NotApplicable, Price("openai", "gpt-4o", TokenUsage.None));
        Assert.Same(PricingOutcome.NotApplicable, Price("openai", "acme-unknown", TokenUsage.None));
        Assert.Same(PricingOutcome.NotApplicable, Price(null, null, new TokenUsage { Input = 0, Output = 0 }));
    }

    [Fact]
    public void Price_ReasoningTokens_ArePartOfOutputNotAddedOnTop()
    {
        // o3-mini at $1.10 / $4.40, reasoning billed as output: 1,000 × 1.10 + 5,000 × 4.40 = 23,100 → $0.0231.
        var outcome = Price("openai", "o3-mini", new TokenUsage { Input = 1_000, Output = 5_000, Reasoning = 4_000 });

        Assert.Equal(0.0231m, outcome.Cost);
    }

    [Fact]
    public void Price_ReasoningRate_AppliesToTheReasoningPartOfOutput()
    {
        var catalog = PriceCatalog.Create([PriceCatalogTests.Price("acme-think", 0.15m, 0.60m) with { ReasoningPerMillion = 3.50m }]);

        // 1,000 × 0.15 + (3,000 − 2,000) × 0.60 + 2,000 × 3.50 = 150 + 600 + 7,000 = 7,750 → $0.00775.
        var outcome = PriceCalculator.Price(catalog, null, "acme-think", new TokenUsage { Input = 1_000, Output = 3_000, Reasoning = 2_000 }, At);

        Assert.Equal(0.00775m, outcome.Cost);
    }

    [Fact]
    public void Price_CacheReadAboveInput_IsClampedNeverNegative()
    {
        // claude-3-5-sonnet: 5,000 cached reported beside only 100 input (input without the cache):
        // the uncached part clamps at 0, the cached tokens cost 5,000 × 0.30 = 1,500 → $0.0015.
        var outcome = Price("anthropic", "claude-3-5-sonnet", new TokenUsage { Input = 100, CacheRead = 5_000 });

        Assert.Equal(0.0015m, outcome.Cost);
    }

    [Fact]
    public void Price_InconsistentCounts_NeverCostLessThanZero()
    {
        // o3-mini at $1.10 / $4.40, no cache-write rate. Negative counts count as none; the 30 tokens
        // written to the cache are input; 100 reasoning tokens beside 10 output are all output:
        // 30 × 1.10 + 100 × 4.40 = 33 + 440 = 473 → $0.000473.
        var outcome = Price("openai", "o3-mini", new TokenUsage { Input = -50, CacheRead = -10, CacheWrite = 30, Output = 10, Reasoning = 100 });

        Assert.Equal(0.000473m, outcome.Cost);
        Assert.True(outcome.Cost >= 0);
    }

    [Fact]
    public void Price_OpenModelOnAHost_IsPricedAtThatHostsRate()
    {
        var usage = new TokenUsage { Input = 1_000_000, Output = 1_000_000 };

        // Groq: 0.59 + 0.79 = $1.38. Together: 0.88 + 0.88 = $1.76.
        Assert.Equal(1.38m, Price("groq", "llama-3.3-70b-versatile", usage).Cost);
        Assert.Equal(1.76m, Price("together_ai", "meta-llama/Llama-3.3-70B-Instruct-Turbo", usage).Cost);
        Assert.Equal(PricingStatus.Unpriced, Price("openai", "llama-3.3-70b-versatile", usage).Status);
    }
}
