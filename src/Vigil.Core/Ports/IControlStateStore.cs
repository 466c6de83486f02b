using Vigil.Core.Pricing;
using Vigil.Core.Projects;

namespace Vigil.Core.Ports;

/// <summary>The small, transactional store of control state: API keys and imported prices for now.</summary>
public interface IControlStateStore
{
    Task SaveApiKeyAsync(ApiKey key, CancellationToken cancellationToken);

    /// <summary>The key whose secret hashes to <paramref name="secretHash"/>, revoked or not; null when none.</summary>
    Task<ApiKey?> FindApiKeyAsync(string secretHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(string? projectId, CancellationToken cancellationToken);

    /// <summary>Marks a key revoked; false when no such key exists.</summary>
    Task<bool> RevokeApiKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Adds imported prices in one transaction. A price with the same model, provider and effective
    /// date as a stored one replaces it; older prices stay, so history keeps the rates of its time.
    /// </summary>
    Task<int> SavePricesAsync(IReadOnlyList<ModelPrice> prices, CancellationToken cancellationToken);

    Task<IReadOnlyList<ModelPrice>> ListPricesAsync(CancellationToken cancellationToken);
}
