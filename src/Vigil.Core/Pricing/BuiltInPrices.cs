namespace Vigil.Core.Pricing;

/// <summary>
/// Vigil's own catalog of public list prices of common hosted models, in USD per million tokens,
/// as the providers published them in 2025 (standard tier, global endpoints, text tokens).
/// </summary>
/// <remarks>
/// <para>
/// Every built-in price takes effect at <see cref="EffectiveFrom"/>, the Unix epoch: the built-in
/// catalog is the fallback of last resort and is applied to calls of any date. Earlier list prices
/// (gpt-4o's $5/$15 at launch, Gemini 1.5's pre-October 2024 prices) are not modelled; a configured
/// or imported price with its own effective date overrides a built-in one from that date on.
/// </para>
/// <para>
/// Models whose name is unique to one vendor have no provider, so the price applies wherever the
/// model is served (Azure OpenAI, Bedrock and Vertex AI list these models at the vendor's price).
/// Open models are priced per host ("groq", "together_ai"), under the host's model ids and the
/// Hugging Face names. Anthropic cache writes are the 5-minute writes (1.25× input; 1-hour writes
/// cost 2× and are not told apart in usage); OpenAI and Gemini bill cache writes as ordinary input.
/// Reasoning tokens are billed as output by every provider here, so no reasoning rate is set.
/// </para>
/// </remarks>
public static class BuiltInPrices
{
    public const string Source = "builtin";

    public static readonly DateTimeOffset EffectiveFrom = DateTimeOffset.UnixEpoch;

    public static IReadOnlyList<ModelPrice> All { get; } =
    [
        // OpenAI: input, output, cached input.
        Price("gpt-4o", 2.50m, 10.00m, cacheRead: 1.25m),
        Price("gpt-4o-mini", 0.15m, 0.60m, cacheRead: 0.075m),
        Price("gpt-4.1", 2.00m, 8.00m, cacheRead: 0.50m),
        Price("gpt-4.1-mini", 0.40m, 1.60m, cacheRead: 0.10m),
        Price("gpt-4.1-nano", 0.10m, 0.40m, cacheRead: 0.025m),
        Price("gpt-5", 1.25m, 10.00m, cacheRead: 0.125m),
        Price("gpt-5-mini", 0.25m, 2.00m, cacheRead: 0.025m),
        Price("gpt-5-nano", 0.05m, 0.40m, cacheRead: 0.005m),
        Price("o1", 15.00m, 60.00m, cacheRead: 7.50m),
        Price("o1-mini", 1.10m, 4.40m, cacheRead: 0.55m),
        Price("o3", 2.00m, 8.00m, cacheRead: 0.50m),
        Price("o3-mini", 1.10m, 4.40m, cacheRead: 0.55m),
        Price("o4-mini", 1.10m, 4.40m, cacheRead: 0.275m),
        Price("gpt-4-turbo", 10.00m, 30.00m),
        Price("gpt-4", 30.00m, 60.00m),
        Price("gpt-3.5-turbo", 0.50m, 1.50m),
        Price("text-embedding-3-small", 0.02m, 0m),
        Price("text-embedding-3-large", 0.13m, 0m),
        Price("text-embedding-ada-002", 0.10m, 0m),

        // Anthropic: input, output, cache read (0.1× input), cache write (1.25× input; Haiku 3 rounds).
        Price("claude-3-haiku", 0.25m, 1.25m, cacheRead: 0.03m, cacheWrite: 0.30m),
        Price("claude-3-5-haiku", 0.80m, 4.00m, cacheRead: 0.08m, cacheWrite: 1.00m),
        Price("claude-haiku-4-5", 1.00m, 5.00m, cacheRead: 0.10m, cacheWrite: 1.25m),
        Price("claude-3-5-sonnet", 3.00m, 15.00m, cacheRead: 0.30m, cacheWrite: 3.75m),
        Price("claude-3-7-sonnet", 3.00m, 15.00m, cacheRead: 0.30m, cacheWrite: 3.75m),
        Price("claude-sonnet-4", 3.00m, 15.00m, cacheRead: 0.30m, cacheWrite: 3.75m).Above(200_000, 6.00m, 22.50m, cacheRead: 0.60m, cacheWrite: 7.50m),
        Price("claude-sonnet-4-5", 3.00m, 15.00m, cacheRead: 0.30m, cacheWrite: 3.75m).Above(200_000, 6.00m, 22.50m, cacheRead: 0.60m, cacheWrite: 7.50m),
        Price("claude-3-opus", 15.00m, 75.00m, cacheRead: 1.50m, cacheWrite: 18.75m),
        Price("claude-opus-4", 15.00m, 75.00m, cacheRead: 1.50m, cacheWrite: 18.75m),
        Price("claude-opus-4-1", 15.00m, 75.00m, cacheRead: 1.50m, cacheWrite: 18.75m),

        // Google Gemini: input, output, cached input; long-context prompts priced whole at the higher tier.
        Price("gemini-1.5-pro", 1.25m, 5.00m, cacheRead: 0.3125m).Above(128_000, 2.50m, 10.00m, cacheRead: 0.625m),
        Price("gemini-1.5-flash", 0.075m, 0.30m, cacheRead: 0.01875m).Above(128_000, 0.15m, 0.60m, cacheRead: 0.0375m),
        Price("gemini-1.5-flash-8b", 0.0375m, 0.15m, cacheRead: 0.01m).Above(128_000, 0.075m, 0.30m, cacheRead: 0.02m),
        Price("gemini-2.0-flash", 0.10m, 0.40m, cacheRead: 0.025m),
        Price("gemini-2.0-flash-lite", 0.075m, 0.30m),
        Price("gemini-2.5-pro", 1.25m, 10.00m, cacheRead: 0.3125m).Above(200_000, 2.50m, 15.00m, cacheRead: 0.625m),
        Price("gemini-2.5-flash", 0.30m, 2.50m, cacheRead: 0.075m),
        Price("gemini-2.5-flash-lite", 0.10m, 0.40m, cacheRead: 0.025m),

        // Mistral AI: input, output.
        Price("mistral-large", 2.00m, 6.00m),
        Price("mistral-medium", 0.40m, 2.00m),
        Price("mistral-small", 0.10m, 0.30m),
        Price("codestral", 0.30m, 0.90m),
        Price("ministral-8b", 0.10m, 0.10m),
        Price("ministral-3b", 0.04m, 0.04m),
        Price("open-mistral-nemo", 0.15m, 0.15m),
        Price("mistral-embed", 0.10m, 0m),

        // Open models on Groq: Groq's ids, then the Hugging Face names.
        Hosted(ProviderNames.Groq, "llama-3.1-8b-instant", 0.05m, 0.08m),
        Hosted(ProviderNames.Groq, "llama-3.3-70b-versatile", 0.59m, 0.79m),
        Hosted(ProviderNames.Groq, "llama-3.1-70b-versatile", 0.59m, 0.79m),
        Hosted(ProviderNames.Groq, "llama3-8b-8192", 0.05m, 0.08m),
        Hosted(ProviderNames.Groq, "llama3-70b-8192", 0.59m, 0.79m),
        Hosted(ProviderNames.Groq, "mixtral-8x7b-32768", 0.24m, 0.24m),
        Hosted(ProviderNames.Groq, "llama-3.1-8b-instruct", 0.05m, 0.08m),
        Hosted(ProviderNames.Groq, "llama-3.1-70b-instruct", 0.59m, 0.79m),
        Hosted(ProviderNames.Groq, "llama-3.3-70b-instruct", 0.59m, 0.79m),
        Hosted(ProviderNames.Groq, "mixtral-8x7b-instruct-v0.1", 0.24m, 0.24m),

        // Open models on Together AI: Together's ids (after "meta-llama/", "mistralai/"), then the Hugging Face names.
        Hosted(ProviderNames.TogetherAI, "meta-llama-3.1-8b-instruct-turbo", 0.18m, 0.18m),
        Hosted(ProviderNames.TogetherAI, "meta-llama-3.1-70b-instruct-turbo", 0.88m, 0.88m),
        Hosted(ProviderNames.TogetherAI, "meta-llama-3.1-405b-instruct-turbo", 3.50m, 3.50m),
        Hosted(ProviderNames.TogetherAI, "llama-3.3-70b-instruct-turbo", 0.88m, 0.88m),
        Hosted(ProviderNames.TogetherAI, "llama-3.1-8b-instruct", 0.18m, 0.18m),
        Hosted(ProviderNames.TogetherAI, "llama-3.1-70b-instruct", 0.88m, 0.88m),
        Hosted(ProviderNames.TogetherAI, "llama-3.3-70b-instruct", 0.88m, 0.88m),
        Hosted(ProviderNames.TogetherAI, "mixtral-8x7b-instruct-v0.1", 0.60m, 0.60m),
    ];

    /// <summary>A catalog of <see cref="All"/>.</summary>
    public static PriceCatalog Catalog { get; } = PriceCatalog.Create(All);

    private static ModelPrice Price(string model, decimal input, decimal output, decimal? cacheRead = null, decimal? cacheWrite = null) => new()
    {
        Model = model,
        EffectiveFrom = EffectiveFrom,
        InputPerMillion = input,
        OutputPerMillion = output,
        CacheReadPerMillion = cacheRead,
        CacheWritePerMillion = cacheWrite,
        Source = Source,
    };

    private static ModelPrice Hosted(string provider, string model, decimal input, decimal output) =>
        Price(model, input, output) with { Provider = provider };

    private static ModelPrice Above(this ModelPrice price, long inputTokens, decimal input, decimal output, decimal? cacheRead = null, decimal? cacheWrite = null) =>
        price with
        {
            Tiers =
            [
                .. price.Tiers,
                new PriceTier { AboveInputTokens = inputTokens, InputPerMillion = input, OutputPerMillion = output, CacheReadPerMillion = cacheRead, CacheWritePerMillion = cacheWrite },
            ],
        };
}
