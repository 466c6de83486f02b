namespace Vigil.Core.Pricing;

/// <summary>One priced entry of a LiteLLM table, before it is named; rates per million tokens.</summary>
internal sealed record LiteLlmEntry
{
    public required int Index { get; init; }
    public required string Key { get; init; }
    public string? LitellmProvider { get; init; }
    public required decimal Input { get; init; }
    public required decimal Output { get; init; }
    public decimal? CacheRead { get; init; }
    public decimal? CacheWrite { get; init; }
    public decimal? Reasoning { get; init; }
    public required IReadOnlyList<PriceTier> Tiers { get; init; }

    public ModelPrice ToPrice(string model, string source, DateTimeOffset effectiveFrom) => new()
    {
        Model = model,
        Provider = LiteLlmNames.Provider(LitellmProvider),
        EffectiveFrom = effectiveFrom,
        InputPerMillion = Input,
        OutputPerMillion = Output,
        CacheReadPerMillion = CacheRead,
        CacheWritePerMillion = CacheWrite,
        ReasoningPerMillion = Reasoning,
        Tiers = Tiers,
        Source = source,
    };
}

/// <summary>How LiteLLM's providers and keys become Vigil's provider and model names.</summary>
internal static class LiteLlmNames
{
    /// <summary>
    /// <c>litellm_provider</c> in <c>gen_ai.provider.name</c> terms where the mapping is plain
    /// ("vertex_ai-anthropic_models" → "gcp.vertex_ai", "azure" → "azure.ai.openai"); other
    /// providers (openrouter, deepinfra, ollama, …) keep LiteLLM's name.
    /// </summary>
    public static string? Provider(string? litellmProvider)
    {
        if (string.IsNullOrWhiteSpace(litellmProvider))
        {
            return null;
        }

        var name = litellmProvider.Trim().ToLowerInvariant();
        if (name.StartsWith("vertex_ai", StringComparison.Ordinal))
        {
            return ProviderNames.GcpVertexAI;
        }

        if (name.StartsWith("fireworks_ai", StringComparison.Ordinal))
        {
            return ProviderNames.FireworksAI;
        }

        return name switch
        {
            "openai" or "text-completion-openai" => ProviderNames.OpenAI,
            "anthropic" => ProviderNames.Anthropic,
            "gemini" => ProviderNames.GcpGemini,
            "mistral" => ProviderNames.MistralAI,
            "bedrock" or "bedrock_converse" => ProviderNames.AwsBedrock,
            "azure" or "azure_text" => ProviderNames.AzureOpenAI,
            "azure_ai" => ProviderNames.AzureInference,
            "cohere" or "cohere_chat" => ProviderNames.Cohere,
            "xai" => ProviderNames.XAI,
            "watsonx" => ProviderNames.IbmWatsonx,
            _ => name,
        };
    }

    /// <summary>
    /// Names every entry, unique per provider. Of the entries sharing a canonical name and provider,
    /// the one that gets the canonical name is, in order of preference: the one whose key is the
    /// canonical name (after its route), the one with the shortest route, one without a Bedrock
    /// region prefix, the one whose name sorts last (the latest date, or "-latest"). The others keep
    /// their name after the route, or their whole key when that name is taken.
    /// </summary>
    public static IEnumerable<(LiteLlmEntry Entry, string Model)> Assign(IReadOnlyList<LiteLlmEntry> entries, List<SkippedPriceEntry> skipped)
    {
        var rows = entries.Select(e => new Row(e, Provider(e.LitellmProvider) ?? "")).ToList();
        var names = new string?[rows.Count];
        var taken = new HashSet<(string Model, string Provider)>();
        foreach (var group in rows.GroupBy(r => (r.Canonical, r.Provider)))
        {
            var chosen = group
                .OrderBy(r => r.Stripped == r.Canonical ? 0 : 1)
                .ThenBy(r => r.RouteDepth)
                .ThenBy(r => r.HasRegionPrefix ? 1 : 0)
                .ThenByDescending(r => r.Stripped, StringComparer.Ordinal)
                .ThenBy(r => r.Entry.Index)
                .First();
            names[chosen.Entry.Index] = chosen.Canonical;
            taken.Add((chosen.Canonical, chosen.Provider));

            // Its own names lead to it through the canonical name; no other entry may take them.
            taken.Add((chosen.Stripped, chosen.Provider));
            taken.Add((chosen.Lower, chosen.Provider));
        }

        foreach (var row in rows.Where(r => names[r.Entry.Index] is null).OrderBy(r => r.RouteDepth).ThenBy(r => r.Entry.Index))
        {
            if (taken.Add((row.Stripped, row.Provider)))
            {
                names[row.Entry.Index] = row.Stripped;
            }
            else if (taken.Add((row.Lower, row.Provider)))
            {
                names[row.Entry.Index] = row.Lower;
            }
            else
            {
                skipped.Add(new SkippedPriceEntry(row.Entry.Key, $"repeats the key of an earlier entry ('{row.Lower}', provider {row.Provider})"));
            }
        }

        return rows.Where(r => names[r.Entry.Index] is not null).Select(r => (r.Entry, names[r.Entry.Index]!));
    }

    private sealed class Row(LiteLlmEntry entry, string provider)
    {
        public LiteLlmEntry Entry { get; } = entry;
        public string Provider { get; } = provider;
        public string Lower { get; } = entry.Key.Trim().ToLowerInvariant();
        public string Stripped { get; } = ModelNames.WithoutRoute(entry.Key.Trim().ToLowerInvariant()).ToString();
        public string Canonical { get; } = ModelNames.Canonical(entry.Key);
        public int RouteDepth => Lower.AsSpan().Count('/');
        public bool HasRegionPrefix => ModelNames.HasRegionPrefix(ModelNames.WithoutRoute(Lower.AsSpan()));
    }
}
