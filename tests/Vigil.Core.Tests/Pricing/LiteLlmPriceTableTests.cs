using Vigil.Core.Pricing;
using Vigil.Core.Spans;
using Vigil.Testing;

namespace Vigil.Core.Tests.Pricing;

public sealed class LiteLlmPriceTableTests
{
    private const string Source = "import:model_prices_and_context_window.json";
    private static readonly DateTimeOffset Imported = new(2025, 9, 4, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset At = Imported.AddDays(1);

    private static readonly Lazy<LiteLlmImport> Shared = new(() =>
        LiteLlmPriceTable.Parse(File.ReadAllText(SharedData.PathOf("litellm/model_prices_and_context_window.json")), Source, Imported));

    private static LiteLlmImport Parse(string json) => LiteLlmPriceTable.Parse(json, "import:test.json", Imported);

    [SharedDataFact]
    public void Parse_SharedTable_ImportsEveryEntryWithTokenPricesAndSaysWhyOthersAreSkipped()
    {
        var import = Shared.Value;

        Assert.True(import.Prices.Count > 1000, $"only {import.Prices.Count} prices imported");
        Assert.Equal(1550, import.Prices.Count + import.Skipped.Count);
        Assert.Contains(import.Skipped, s => s.Entry == "sample_spec");
        Assert.All(import.Skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
        Assert.Contains(import.Skipped, s => s.Reason.Contains("image_generation", StringComparison.Ordinal));
        Assert.All(import.Prices, p =>
        {
            Assert.Equal(Source, p.Source);
            Assert.Equal(Imported, p.EffectiveFrom);
        });
        Assert.Equal(import.Prices.Count, import.Prices.Select(p => (p.Model, p.Provider)).Distinct().Count());
    }

    [SharedDataFact]
    public void Parse_SharedTable_EveryEntryIsFoundByItsOwnKeyAtItsOwnPrice()
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("litellm/model_prices_and_context_window.json")));
        var catalog = PriceCatalog.Create(Shared.Value.Prices);
        var skipped = Shared.Value.Skipped.Select(s => s.Entry).ToHashSet();

        var wrong = json.RootElement.EnumerateObject()
            .Where(e => !skipped.Contains(e.Name))
            .Where(e =>
            {
                var provider = LiteLlmNames.Provider(e.Value.GetProperty("litellm_provider").GetString());
                var expected = e.Value.TryGetProperty("input_cost_per_token", out var input) ? input.GetDecimal() * 1_000_000m : 0m;
                return catalog.Find(provider, e.Name, At)?.InputPerMillion != expected;
            })
            .Select(e => e.Name)
            .ToList();

        Assert.Equal([], wrong);
    }

    [SharedDataFact]
    public void Parse_SharedTable_Gpt4oRatesArePerMillion()
    {
        var gpt4o = PriceCatalog.Create(Shared.Value.Prices).Find("openai", "gpt-4o", At);

        Assert.NotNull(gpt4o);
        Assert.Equal(("gpt-4o", "openai"), (gpt4o.Model, gpt4o.Provider));
        Assert.Equal(2.5m, gpt4o.InputPerMillion);
        Assert.Equal(10m, gpt4o.OutputPerMillion);
        Assert.Equal(1.25m, gpt4o.CacheReadPerMillion);
    }

    [SharedDataFact]
    public void Parse_SharedTable_DatedSnapshotKeepsItsOwnPrice()
    {
        var catalog = PriceCatalog.Create(Shared.Value.Prices);

        Assert.Equal(5m, catalog.Find("openai", "gpt-4o-2024-05-13", At)?.InputPerMillion);
        Assert.Equal(2.5m, catalog.Find("openai", "gpt-4o-2024-08-06", At)?.InputPerMillion);
        Assert.Equal(0.15m, catalog.Find("openai", "openai/gpt-4o-mini-2024-07-18", At)?.InputPerMillion);
    }

    [SharedDataFact]
    public void Parse_SharedTable_ClaudeEntriesHaveCacheRates()
    {
        var catalog = PriceCatalog.Create(Shared.Value.Prices);

        var sonnet = catalog.Find("anthropic", "claude-3-5-sonnet-20241022", At);
        Assert.Equal((3m, 15m, 0.3m, 3.75m), (sonnet?.InputPerMillion, sonnet?.OutputPerMillion, sonnet?.CacheReadPerMillion, sonnet?.CacheWritePerMillion));

        var bedrock = catalog.Find("aws.bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", At);
        Assert.Equal(ProviderNames.AwsBedrock, bedrock?.Provider);
        Assert.Equal(0.3m, bedrock?.CacheReadPerMillion);
    }

    [SharedDataFact]
    public void Parse_SharedTable_LongContextTiersAreKept()
    {
        var catalog = PriceCatalog.Create(Shared.Value.Prices);

        var gemini = catalog.Find("gcp.vertex_ai", "gemini-2.5-pro", At);
        var geminiTier = Assert.Single(gemini!.Tiers);
        Assert.Equal((200_000L, 2.5m, 15m), (geminiTier.AboveInputTokens, geminiTier.InputPerMillion, geminiTier.OutputPerMillion));

        var claude = catalog.Find("anthropic", "claude-4-sonnet-20250514", At);
        var claudeTier = Assert.Single(claude!.Tiers);
        Assert.Equal((200_000L, 6m, 22.5m, 0.6m, 7.5m), (claudeTier.AboveInputTokens, claudeTier.InputPerMillion, claudeTier.OutputPerMillion, claudeTier.CacheReadPerMillion, claudeTier.CacheWritePerMillion));

        // A 0/0 tier under a priced model is a placeholder and is dropped.
        Assert.Empty(catalog.Find("gcp.vertex_ai", "gemini-2.0-flash-exp", At)!.Tiers);
    }

    [SharedDataFact]
    public void Parse_SharedTable_SameModelUnderSeveralProvidersKeepsEachPrice()
    {
        var catalog = PriceCatalog.Create(Shared.Value.Prices);

        Assert.Equal(1.25m, catalog.Find("gcp.vertex_ai", "gemini-1.5-pro", At)?.InputPerMillion);
        Assert.Equal(3.5m, catalog.Find("gcp.gemini", "gemini-1.5-pro", At)?.InputPerMillion);
        Assert.Equal(2.5m, catalog.Find("azure.ai.openai", "gpt-4o", At)?.InputPerMillion);
        Assert.Equal(ProviderNames.MistralAI, catalog.Find("mistral_ai", "mistral-large-latest", At)?.Provider);
        Assert.Equal(ProviderNames.Groq, catalog.Find("groq", "llama-3.3-70b-versatile", At)?.Provider);
    }

    [SharedDataFact]
    public void Parse_SharedTable_PricesACallEndToEnd()
    {
        var catalog = PriceCatalog.Create([.. BuiltInPrices.All, .. Shared.Value.Prices]);

        // gemini-2.5-flash (Gemini API) at $0.30 / $2.50, cache $0.075:
        // 9,000 × 0.30 + 1,000 × 0.075 + 2,000 × 2.50 = 2,700 + 75 + 5,000 = 7,775 → $0.007775.
        var outcome = PriceCalculator.Price(catalog, "gcp.gemini", "gemini-2.5-flash", new TokenUsage { Input = 10_000, CacheRead = 1_000, Output = 2_000 }, At);

        Assert.Equal(PricingStatus.Priced, outcome.Status);
        Assert.Equal(0.007775m, outcome.Cost);
        Assert.Equal(Source, outcome.Price?.Source);
    }

    [Fact]
    public void Parse_ExponentNotationAndIntegers_AreExactPerMillion()
    {
        var import = Parse("""
            {
              "acme-mini": { "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6E-7, "cache_read_input_token_cost": 7.8125e-08, "litellm_provider": "openai", "mode": "chat" },
              "acme-free": { "input_cost_per_token": 0, "output_cost_per_token": 0, "litellm_provider": "ollama" },
              "acme-embed": { "input_cost_per_token": 0.00000002, "litellm_provider": "openai", "mode": "embedding" }
            }
            """);

        var mini = import.Prices.Single(p => p.Model == "acme-mini");
        Assert.Equal((0.15m, 0.6m, 0.078125m), (mini.InputPerMillion, mini.OutputPerMillion, mini.CacheReadPerMillion));
        Assert.Equal("0.15", mini.InputPerMillion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ProviderNames.OpenAI, mini.Provider);

        var free = import.Prices.Single(p => p.Model == "acme-free");
        Assert.Equal((0m, 0m, "ollama"), (free.InputPerMillion, free.OutputPerMillion, free.Provider));

        var embed = import.Prices.Single(p => p.Model == "acme-embed");
        Assert.Equal((0.02m, 0m), (embed.InputPerMillion, embed.OutputPerMillion));
    }

    [Fact]
    public void Parse_LeadingByteOrderMark_IsIgnored() =>
        Assert.Single(Parse("\uFEFF{ \"acme\": { \"input_cost_per_token\": 1e-06 } }").Prices);

    [Fact]
    public void Parse_TieredFields_BecomeTiersOfTheWholeCall()
    {
        var import = Parse("""
            {
              "acme-long": {
                "input_cost_per_token": 1.25e-06, "output_cost_per_token": 5e-06, "cache_read_input_token_cost": 3.125e-07,
                "input_cost_per_token_above_128k_tokens": 2.5e-06, "output_cost_per_token_above_128k_tokens": 1e-05,
                "input_cost_per_token_above_200k_tokens": 5e-06, "cache_read_input_token_cost_above_200k_tokens": 1.25e-06,
                "input_cost_per_image_above_128k_tokens": 0.0006575,
                "litellm_provider": "vertex_ai-language-models"
              }
            }
            """);

        var price = Assert.Single(import.Prices);
        Assert.Equal(ProviderNames.GcpVertexAI, price.Provider);
        Assert.Collection(
            price.Tiers,
            t => Assert.Equal((128_000L, 2.5m, 10m, (decimal?)null), (t.AboveInputTokens, t.InputPerMillion, t.OutputPerMillion, t.CacheReadPerMillion)),
            t => Assert.Equal((200_000L, 5m, 5m, (decimal?)1.25m), (t.AboveInputTokens, t.InputPerMillion, t.OutputPerMillion, t.CacheReadPerMillion)));
    }

    [Fact]
    public void Parse_SnapshotsOfOneModel_TheUndatedAliasGetsTheCanonicalName()
    {
        var import = Parse("""
            {
              "acme-2024-05-13": { "input_cost_per_token": 5e-06, "output_cost_per_token": 1.5e-05, "litellm_provider": "openai" },
              "acme": { "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "litellm_provider": "openai" },
              "openai/acme": { "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "litellm_provider": "openai" },
              "azure/acme-2024-08-06": { "input_cost_per_token": 2.75e-06, "output_cost_per_token": 1.1e-05, "litellm_provider": "azure" }
            }
            """);

        Assert.Equal(
            ["acme-2024-05-13/openai", "acme/openai", "openai/acme/openai", "acme/azure.ai.openai"],
            import.Prices.Select(p => $"{p.Model}/{p.Provider}"));
    }

    [Fact]
    public void Parse_CacheHitField_IsTheCacheReadRate()
    {
        var import = Parse("""{ "deepseek/deepseek-chat": { "input_cost_per_token": 2.7e-07, "input_cost_per_token_cache_hit": 7e-08, "output_cost_per_token": 1.1e-06, "litellm_provider": "deepseek" } }""");

        var price = Assert.Single(import.Prices);
        Assert.Equal(("deepseek-chat", "deepseek", 0.07m), (price.Model, price.Provider, price.CacheReadPerMillion));
    }

    [Fact]
    public void Parse_EntriesWithoutTokenPrices_AreSkippedWithAReason()
    {
        var import = Parse("""
            {
              "sample_spec": { "input_cost_per_token": 0.0, "litellm_provider": "one of https://docs.litellm.ai/docs/providers", "max_tokens": "LEGACY parameter" },
              "dall-e-3": { "output_cost_per_token": 0.0, "input_cost_per_pixel": 3.81e-08, "litellm_provider": "openai", "mode": "image_generation" },
              "whisper-1": { "input_cost_per_second": 0.0001, "litellm_provider": "openai", "mode": "audio_transcription" },
              "gpt-4o": { "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "litellm_provider": "openai" }
            }
            """);

        Assert.Equal("gpt-4o", Assert.Single(import.Prices).Model);
        Assert.Collection(
            import.Skipped,
            s => Assert.Equal("sample_spec", s.Entry),
            s => Assert.Equal(("dall-e-3", "no per-token price (mode image_generation; priced by output_cost_per_token, input_cost_per_pixel)"), (s.Entry, s.Reason)),
            s => Assert.Equal(("whisper-1", "no per-token price (mode audio_transcription; priced by input_cost_per_second)"), (s.Entry, s.Reason)));
    }

    [Theory]
    [InlineData("""{ "gpt-4o": { "input_cost_per_token": 2.5e-06 }, "broken": { "input_cost_per_token": 1e-06,, } }""", "broken")]
    [InlineData("""{ "gpt-4o": { "input_cost_per_token": 2.5e-06 } "next": {} }""", "gpt-4o")]
    [InlineData("""{ "gpt-4o": { "input_cost_per_token": 2.5e-06 }""", "gpt-4o")]
    public void Parse_MalformedJson_ThrowsNamingTheEntry(string json, string entry)
    {
        var error = Assert.Throws<PriceImportException>(() => Parse(json));

        Assert.Equal(entry, error.Entry);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{entry}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"prices\"")]
    public void Parse_NotAnObject_Throws(string json) =>
        Assert.Throws<PriceImportException>(() => Parse(json));

    [Theory]
    [InlineData("""{ "acme": { "input_cost_per_token": "0.000001" } }""", "input_cost_per_token", "string")]
    [InlineData("""{ "acme": { "input_cost_per_token": 1e-06, "output_cost_per_token": true } }""", "output_cost_per_token", "boolean")]
    [InlineData("""{ "acme": { "input_cost_per_token": -1e-06 } }""", "input_cost_per_token", "negative")]
    [InlineData("""{ "acme": { "input_cost_per_token": 1e+40 } }""", "input_cost_per_token", "range")]
    [InlineData("""{ "acme": { "input_cost_per_token": 1e-06, "input_cost_per_token_above_lots_tokens": 2e-06 } }""", "input_cost_per_token_above_lots_tokens", "threshold")]
    [InlineData("""{ "acme": { "input_cost_per_token": 1e-06, "litellm_provider": 7 } }""", "litellm_provider", "string")]
    public void Parse_WrongValueWhereAPriceBelongs_ThrowsNamingEntryAndField(string json, string field, string problem)
    {
        var error = Assert.Throws<PriceImportException>(() => Parse(json));

        Assert.Equal(("acme", field), (error.Entry, error.Field));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EntryNotAnObject_ThrowsNamingTheEntry()
    {
        var error = Assert.Throws<PriceImportException>(() => Parse("""{ "acme": 3 }"""));

        Assert.Equal("acme", error.Entry);
    }
}
