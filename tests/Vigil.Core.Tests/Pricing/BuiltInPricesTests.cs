using Vigil.Core.Pricing;

namespace Vigil.Core.Tests.Pricing;

public sealed class BuiltInPricesTests
{
    private static readonly DateTimeOffset At = new(2025, 9, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void All_AreBuiltInCanonicalAndUniquePerProvider()
    {
        Assert.All(BuiltInPrices.All, p =>
        {
            Assert.Equal(BuiltInPrices.Source, p.Source);
            Assert.Equal(BuiltInPrices.EffectiveFrom, p.EffectiveFrom);
            Assert.Equal(ModelNames.Canonical(p.Model), p.Model);
        });
        Assert.Equal(BuiltInPrices.All.Count, BuiltInPrices.All.Select(p => (p.Model, p.Provider)).Distinct().Count());
    }

    [Theory]
    [InlineData("openai", "gpt-4o")]
    [InlineData("openai", "gpt-4o-mini")]
    [InlineData("openai", "gpt-4.1")]
    [InlineData("openai", "gpt-4.1-mini")]
    [InlineData("openai", "gpt-4.1-nano")]
    [InlineData("openai", "o1")]
    [InlineData("openai", "o1-mini")]
    [InlineData("openai", "o3")]
    [InlineData("openai", "o3-mini")]
    [InlineData("openai", "o4-mini")]
    [InlineData("openai", "gpt-4-turbo")]
    [InlineData("openai", "gpt-3.5-turbo")]
    [InlineData("openai", "text-embedding-3-small")]
    [InlineData("openai", "text-embedding-3-large")]
    [InlineData("openai", "text-embedding-ada-002")]
    [InlineData("azure.ai.openai", "gpt-4o")]
    [InlineData("anthropic", "claude-3-5-haiku")]
    [InlineData("anthropic", "claude-3-5-sonnet")]
    [InlineData("anthropic", "claude-3-7-sonnet")]
    [InlineData("anthropic", "claude-sonnet-4")]
    [InlineData("anthropic", "claude-opus-4")]
    [InlineData("anthropic", "claude-3-haiku")]
    [InlineData("anthropic", "claude-3-opus")]
    [InlineData("aws.bedrock", "anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("gcp.vertex_ai", "claude-sonnet-4@20250514")]
    [InlineData("gcp.gemini", "gemini-1.5-pro")]
    [InlineData("gcp.gemini", "gemini-1.5-flash")]
    [InlineData("gcp.gemini", "gemini-2.0-flash")]
    [InlineData("gcp.gemini", "gemini-2.5-pro")]
    [InlineData("gcp.gemini", "gemini-2.5-flash")]
    [InlineData("gcp.vertex_ai", "gemini-2.5-flash")]
    [InlineData("mistral_ai", "mistral-large-latest")]
    [InlineData("mistral_ai", "mistral-small-latest")]
    [InlineData("mistral_ai", "codestral-latest")]
    [InlineData("groq", "llama-3.1-8b-instant")]
    [InlineData("groq", "llama-3.3-70b-versatile")]
    [InlineData("groq", "mixtral-8x7b-32768")]
    [InlineData("groq", "meta-llama/Llama-3.1-70B-Instruct")]
    [InlineData("together_ai", "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo")]
    [InlineData("together_ai", "meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo")]
    [InlineData("together_ai", "meta-llama/Llama-3.3-70B-Instruct-Turbo")]
    [InlineData("together_ai", "mistralai/Mixtral-8x7B-Instruct-v0.1")]
    public void Catalog_CommonHostedModel_HasAPrice(string provider, string model) =>
        Assert.NotNull(BuiltInPrices.Catalog.Find(provider, model, At));

    [Fact]
    public void Anthropic_CacheRates_AreATenthAndFiveQuartersOfInput()
    {
        var claude = BuiltInPrices.All.Where(p => p.Model.StartsWith("claude-", StringComparison.Ordinal) && p.Model != "claude-3-haiku").ToList();

        Assert.NotEmpty(claude);
        Assert.All(claude, p =>
        {
            Assert.Equal(p.InputPerMillion * 0.1m, p.CacheReadPerMillion);
            Assert.Equal(p.InputPerMillion * 1.25m, p.CacheWritePerMillion);
        });
    }

    [Theory]
    [InlineData("claude-sonnet-4", 200_000, 6.00, 22.50)]
    [InlineData("gemini-1.5-pro", 128_000, 2.50, 10.00)]
    [InlineData("gemini-2.5-pro", 200_000, 2.50, 15.00)]
    public void LongContextModels_HaveTheirTier(string model, long above, decimal input, decimal output)
    {
        var tier = Assert.Single(BuiltInPrices.All.Single(p => p.Model == model).Tiers);

        Assert.Equal(above, tier.AboveInputTokens);
        Assert.Equal(input, tier.InputPerMillion);
        Assert.Equal(output, tier.OutputPerMillion);
    }
}
