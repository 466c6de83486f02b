namespace Vigil.Core.Pricing;

/// <summary>
/// The price of one model from one date on, in USD per million tokens. Cache-read and cache-write
/// rates apply to the cached part of the input; the reasoning rate to the reasoning part of the
/// output (the output rate when none is set).
/// </summary>
public sealed record ModelPrice
{
    /// <summary>Canonical model name: lower case, without provider prefix or date suffix (e.g. "gpt-4o").</summary>
    public required string Model { get; init; }

    /// <summary>Provider in <c>gen_ai.provider.name</c> terms ("openai", "anthropic", …); null matches any.</summary>
    public string? Provider { get; init; }

    /// <summary>The first instant at which this price applies.</summary>
    public required DateTimeOffset EffectiveFrom { get; init; }

    public required decimal InputPerMillion { get; init; }
    public required decimal OutputPerMillion { get; init; }
    public decimal? CacheReadPerMillion { get; init; }
    public decimal? CacheWritePerMillion { get; init; }
    public decimal? ReasoningPerMillion { get; init; }

    /// <summary>Long-context tiers: when a call's input exceeds a tier's threshold, the whole call is priced at that tier.</summary>
    public IReadOnlyList<PriceTier> Tiers { get; init; } = [];

    /// <summary>Where the price came from: "builtin", "config", or "import:&lt;file&gt;".</summary>
    public required string Source { get; init; }
}

/// <summary>The rates that apply to a call whose input tokens exceed <see cref="AboveInputTokens"/>.</summary>
public sealed record PriceTier
{
    public required long AboveInputTokens { get; init; }
    public required decimal InputPerMillion { get; init; }
    public required decimal OutputPerMillion { get; init; }
    public decimal? CacheReadPerMillion { get; init; }
    public decimal? CacheWritePerMillion { get; init; }
}
