using Vigil.Core.Ports;
using Vigil.Core.Pricing;
using Vigil.Core.Projects;

namespace Vigil.Storage.Contracts;

/// <summary>The contract of <see cref="IControlStateStore"/>: API keys and prices. Times are microsecond-aligned, the precision every engine keeps.</summary>
public abstract class ControlStateStoreContract : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 10, 0, 0, 123, 456, TimeSpan.Zero);

    private readonly CancellationTokenSource _timeout = new(Timeout);
    private IControlStateStore? _store;

    protected IControlStateStore Store => _store ?? throw new InvalidOperationException("the store is created in InitializeAsync");

    protected CancellationToken Ct => _timeout.Token;

    /// <summary>A new, empty store for one test.</summary>
    protected abstract Task<IControlStateStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync(IControlStateStore store) => Task.CompletedTask;

    public async Task InitializeAsync() => _store = await CreateStoreAsync().WaitAsync(Timeout);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await DisposeStoreAsync(_store).WaitAsync(Timeout);
        }

        _timeout.Dispose();
    }

    [Fact]
    public async Task ApiKey_SaveThenFindBySecretHash_RoundTripsEveryField()
    {
        var key = Key("p1", "ingest-prod", ApiKeyScope.Ingest | ApiKeyScope.Read);
        await Store.SaveApiKeyAsync(key, Ct).WaitAsync(Timeout);

        var found = await Store.FindApiKeyAsync(key.SecretHash, Ct).WaitAsync(Timeout);

        Assert.Equal(key, found);
    }

    [Fact]
    public async Task ApiKey_FindUnknownHash_IsNull() =>
        Assert.Null(await Store.FindApiKeyAsync(ApiKeySecrets.Hash("vk_nope"), Ct).WaitAsync(Timeout));

    [Fact]
    public async Task ApiKey_ListByProject_ReturnsOnlyThatProjectsKeys_AndNullListsAll()
    {
        var a = Key("p1", "a", ApiKeyScope.Ingest);
        var b = Key("p2", "b", ApiKeyScope.Read);
        var c = Key("p1", "c", ApiKeyScope.Admin, T0.AddMinutes(1));
        foreach (var key in new[] { a, b, c })
        {
            await Store.SaveApiKeyAsync(key, Ct).WaitAsync(Timeout);
        }

        var p1 = await Store.ListApiKeysAsync("p1", Ct).WaitAsync(Timeout);
        var all = await Store.ListApiKeysAsync(null, Ct).WaitAsync(Timeout);

        Assert.Equal(new[] { a.Id, c.Id }.Order(StringComparer.Ordinal), p1.Select(k => k.Id).Order(StringComparer.Ordinal));
        Assert.Equal(c, Assert.Single(p1, k => k.Id == c.Id));
        Assert.Equal(new[] { a, b, c }.Select(k => k.Id).Order(StringComparer.Ordinal), all.Select(k => k.Id).Order(StringComparer.Ordinal));
        Assert.Empty(await Store.ListApiKeysAsync("p3", Ct).WaitAsync(Timeout));
    }

    [Fact]
    public async Task ApiKey_Revoke_MarksTheKeyRevokedAndKeepsItFindable()
    {
        var key = Key("p1", "ci", ApiKeyScope.Ingest);
        await Store.SaveApiKeyAsync(key, Ct).WaitAsync(Timeout);

        Assert.True(await Store.RevokeApiKeyAsync(key.Id, T0.AddHours(1), Ct).WaitAsync(Timeout));

        var found = await Store.FindApiKeyAsync(key.SecretHash, Ct).WaitAsync(Timeout);
        Assert.NotNull(found);
        Assert.Equal(T0.AddHours(1), found.RevokedAt);
        Assert.False(found.IsActive);
        Assert.False(found.Allows(ApiKeyScope.Ingest));
    }

    [Fact]
    public async Task ApiKey_RevokeUnknownKey_IsFalse() =>
        Assert.False(await Store.RevokeApiKeyAsync("000000000000", T0, Ct).WaitAsync(Timeout));

    [Fact]
    public async Task Prices_SaveThenList_RoundTripsEveryField()
    {
        var price = Price("claude-sonnet-4", "anthropic", T0.AddDays(-10), 3m) with
        {
            CacheReadPerMillion = 0.3m,
            CacheWritePerMillion = 3.75m,
            ReasoningPerMillion = 15m,
            Tiers =
            [
                new PriceTier { AboveInputTokens = 200_000, InputPerMillion = 6m, OutputPerMillion = 22.5m, CacheReadPerMillion = 0.6m, CacheWritePerMillion = 7.5m },
            ],
        };

        Assert.Equal(1, await Store.SavePricesAsync([price], Ct).WaitAsync(Timeout));

        var stored = Assert.Single(await Store.ListPricesAsync(Ct).WaitAsync(Timeout));
        Assert.Equal(price with { Tiers = [] }, stored with { Tiers = [] });
        Assert.Equal(price.Tiers, stored.Tiers);
    }

    [Fact]
    public async Task Prices_SameModelProviderAndDate_IsReplaced_WhileOtherDatesStay()
    {
        var old = Price("gpt-4o", "openai", T0.AddDays(-30), 5m);
        var current = Price("gpt-4o", "openai", T0, 2.5m);
        await Store.SavePricesAsync([old, current], Ct).WaitAsync(Timeout);

        await Store.SavePricesAsync([current with { InputPerMillion = 2m, Source = "import:prices.yaml" }], Ct).WaitAsync(Timeout);

        var stored = (await Store.ListPricesAsync(Ct).WaitAsync(Timeout)).OrderBy(p => p.EffectiveFrom).ToList();
        Assert.Equal(2, stored.Count);
        Assert.Equal(5m, stored[0].InputPerMillion);
        Assert.Equal((2m, "import:prices.yaml"), (stored[1].InputPerMillion, stored[1].Source));
    }

    [Fact]
    public async Task Prices_AnyProviderAndAProvidersOwnPrice_AreDistinct()
    {
        await Store.SavePricesAsync([Price("llama-3", null, T0, 0.2m), Price("llama-3", "groq", T0, 0.1m)], Ct).WaitAsync(Timeout);

        var stored = await Store.ListPricesAsync(Ct).WaitAsync(Timeout);

        Assert.Equal(2, stored.Count);
        Assert.Equal(0.2m, Assert.Single(stored, p => p.Provider is null).InputPerMillion);
        Assert.Equal(0.1m, Assert.Single(stored, p => p.Provider == "groq").InputPerMillion);
    }

    private static ApiKey Key(string project, string name, ApiKeyScope scopes, DateTimeOffset? createdAt = null) =>
        ApiKeySecrets.Create(project, name, scopes, createdAt ?? T0).Key;

    private static ModelPrice Price(string model, string? provider, DateTimeOffset from, decimal input) => new()
    {
        Model = model,
        Provider = provider,
        EffectiveFrom = from,
        InputPerMillion = input,
        OutputPerMillion = input * 4,
        Source = "builtin",
    };
}
