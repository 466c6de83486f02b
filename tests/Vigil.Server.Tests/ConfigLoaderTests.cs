using Vigil.Server.Configuration;

namespace Vigil.Server.Tests;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void Parse_EmptyFile_GivesDefaults()
    {
        var settings = VigilConfigLoader.Parse("", "vigil.yaml");
        Assert.Equal("127.0.0.1:4318", settings.HttpAddress);
        Assert.Equal("127.0.0.1:4317", settings.GrpcAddress);
        Assert.Equal(".vigil", settings.DataDirectory);
    }

    [Fact]
    public void Parse_UnknownKey_IsAnErrorWithItsLine()
    {
        var ex = Assert.Throws<ConfigurationException>(() => VigilConfigLoader.Parse("server:\n  htp: 1.2.3.4:80\n", "vigil.yaml"));
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("htp", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralBadValues_ReportsEveryOneNamingItsKey()
    {
        const string yaml = """
            server:
              http: nonsense
            auth:
              anonymous: sometimes
            queue:
              capacity: 0
              retryAfter: soon
            retention:
              spans: 30d
              rollups: 1d
            prices:
              - model: x
            """;
        var ex = Assert.Throws<ConfigurationException>(() => VigilConfigLoader.Parse(yaml, "vigil.yaml"));
        foreach (var key in new[] { "server.http", "auth.anonymous", "Queue:Capacity", "queue.retryAfter", "retention.rollups", "prices[0].input", "prices[0].output" })
        {
            Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_PriceOverride_IsCanonicalWithItsDateAndTiers()
    {
        const string yaml = """
            prices:
              - model: openai/my-model-2025-01-01
                effectiveFrom: 2026-02-01
                input: 3
                output: 12
                cacheRead: 0.3
                tiers:
                  - aboveInputTokens: 200000
                    input: 6
                    output: 24
            """;
        var price = Assert.Single(VigilConfigLoader.Parse(yaml, "vigil.yaml").PriceOverrides);
        Assert.Equal("my-model", price.Model);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), price.EffectiveFrom);
        Assert.Equal(3m, price.InputPerMillion);
        Assert.Equal(0.3m, price.CacheReadPerMillion);
        Assert.Equal(200_000, Assert.Single(price.Tiers).AboveInputTokens);
        Assert.Equal("config", price.Source);
    }
}
