using Vigil.Core.Pricing;

namespace Vigil.Core.Tests.Pricing;

public sealed class PriceCatalogTests
{
    private static readonly DateTimeOffset Jan = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Jun = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    internal static ModelPrice Price(string model, decimal input, decimal output, string? provider = null, DateTimeOffset? from = null) => new()
    {
        Model = model,
        Provider = provider,
        EffectiveFrom = from ?? Jan,
        InputPerMillion = input,
        OutputPerMillion = output,
        Source = "test",
    };

    [Fact]
    public void Find_DatedName_FindsTheCanonicalPrice()
    {
        var catalog = PriceCatalog.Create([Price("gpt-4o", 2.5m, 10m)]);

        Assert.Equal(2.5m, catalog.Find("openai", "gpt-4o-2024-08-06", Jun)?.InputPerMillion);
        Assert.Equal(2.5m, catalog.Find("openai", "openai/gpt-4o", Jun)?.InputPerMillion);
        Assert.Equal(2.5m, catalog.Find(null, "GPT-4o", Jun)?.InputPerMillion);
    }

    [Fact]
    public void Find_ProviderSpecificPrice_IsPreferredOverProviderAgnostic()
    {
        var catalog = PriceCatalog.Create([Price("llama-3.3-70b", 0.88m, 0.88m), Price("llama-3.3-70b", 0.59m, 0.79m, "groq")]);

        Assert.Equal(0.59m, catalog.Find("groq", "llama-3.3-70b", Jun)?.InputPerMillion);
        Assert.Equal(0.88m, catalog.Find("together_ai", "llama-3.3-70b", Jun)?.InputPerMillion);
        Assert.Equal(0.88m, catalog.Find(null, "llama-3.3-70b", Jun)?.InputPerMillion);
    }

    [Fact]
    public void Find_OnlyAnotherProvidersPrice_IsNull()
    {
        var catalog = PriceCatalog.Create([Price("llama-3.3-70b", 0.59m, 0.79m, "groq")]);

        Assert.Null(catalog.Find("together_ai", "llama-3.3-70b", Jun));
        Assert.Null(catalog.Find(null, "llama-3.3-70b", Jun));
    }

    [Fact]
    public void Find_DeprecatedProviderName_IsNormalised()
    {
        var catalog = PriceCatalog.Create([Price("gemini-1.5-pro", 3.5m, 10.5m, "gcp.gemini"), Price("gemini-1.5-pro", 1.25m, 5m, "gcp.vertex_ai")]);

        Assert.Equal(3.5m, catalog.Find("gemini", "gemini-1.5-pro", Jun)?.InputPerMillion);
        Assert.Equal(1.25m, catalog.Find("vertex_ai", "gemini-1.5-pro-002", Jun)?.InputPerMillion);
    }

    [Fact]
    public void Find_PriceChange_TakesTheLatestPriceInEffectAtTheCall()
    {
        var catalog = PriceCatalog.Create([Price("acme-1", 0.5m, 1m, from: Jun), Price("acme-1", 1m, 2m, from: Jan)]);

        Assert.Null(catalog.Find(null, "acme-1", Jan.AddTicks(-1)));
        Assert.Equal(1m, catalog.Find(null, "acme-1", Jan)?.InputPerMillion);
        Assert.Equal(1m, catalog.Find(null, "acme-1", Jun.AddTicks(-1))?.InputPerMillion);
        Assert.Equal(0.5m, catalog.Find(null, "acme-1", Jun)?.InputPerMillion);
        Assert.Equal(0.5m, catalog.Find(null, "acme-1", Jun.AddYears(5))?.InputPerMillion);
    }

    [Fact]
    public void Find_ProviderPriceNotYetInEffect_FallsBackToProviderAgnostic()
    {
        var catalog = PriceCatalog.Create([Price("acme-1", 1m, 2m, from: Jan), Price("acme-1", 0.7m, 1.4m, "groq", Jun)]);

        Assert.Equal(1m, catalog.Find("groq", "acme-1", Jan.AddDays(1))?.InputPerMillion);
        Assert.Equal(0.7m, catalog.Find("groq", "acme-1", Jun.AddDays(1))?.InputPerMillion);
    }

    [Fact]
    public void Find_CustomNameConfiguredVerbatim_Matches()
    {
        const string fineTune = "ft:gpt-4o-mini-2024-07-18:acme:support:9abc";
        var catalog = PriceCatalog.Create([Price("gpt-4o-mini", 0.15m, 0.6m), Price(fineTune, 0.3m, 1.2m), Price("Acme-Router-2024-05-01", 9m, 9m)]);

        Assert.Equal(0.3m, catalog.Find("openai", fineTune, Jun)?.InputPerMillion);
        Assert.Equal(0.15m, catalog.Find("openai", "gpt-4o-mini-2024-07-18", Jun)?.InputPerMillion);
        Assert.Equal(9m, catalog.Find(null, "acme-router-2024-05-01", Jun)?.InputPerMillion);
    }

    [Fact]
    public void Find_PriceOfExactSnapshot_BeatsItsCanonicalModel()
    {
        var catalog = PriceCatalog.Create([Price("gpt-4o", 2.5m, 10m), Price("gpt-4o-2024-05-13", 5m, 15m)]);

        Assert.Equal(5m, catalog.Find("openai", "gpt-4o-2024-05-13", Jun)?.InputPerMillion);
        Assert.Equal(5m, catalog.Find("openai", "openai/gpt-4o-2024-05-13", Jun)?.InputPerMillion);
        Assert.Equal(2.5m, catalog.Find("openai", "gpt-4o-2024-08-06", Jun)?.InputPerMillion);
    }

    [Fact]
    public void Find_UnknownOrBlankModel_IsNull()
    {
        var catalog = PriceCatalog.Create([Price("gpt-4o", 2.5m, 10m)]);

        Assert.Null(catalog.Find("openai", "acme-unknown-7b", Jun));
        Assert.Null(catalog.Find("openai", " ", Jun));
        Assert.Null(PriceCatalog.Empty.Find("openai", "gpt-4o", Jun));
    }

    [Fact]
    public void Create_SameModelProviderAndDate_LastOneWins()
    {
        var catalog = PriceCatalog.Create([Price("gpt-4o", 5m, 15m, "openai"), Price("GPT-4o", 2.5m, 10m, "OpenAI"), Price("gpt-4o", 1m, 1m, "azure.ai.openai")]);

        Assert.Equal(2, catalog.Prices.Count);
        Assert.Equal(2.5m, catalog.Prices[0].InputPerMillion);
        Assert.Equal(2.5m, catalog.Find("openai", "gpt-4o", Jun)?.InputPerMillion);
    }

    [Fact]
    public void Create_NegativeRate_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => PriceCatalog.Create([Price("acme-1", -1m, 1m)]));
        Assert.Contains("acme-1", error.Message, StringComparison.Ordinal);
    }
}
