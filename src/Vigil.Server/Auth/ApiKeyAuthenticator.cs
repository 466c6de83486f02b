using System.Collections.Concurrent;
using Vigil.Core.Ports;
using Vigil.Core.Projects;

namespace Vigil.Server.Auth;

/// <summary>
/// Resolves a presented secret to its key. Lookups are cached for <see cref="CacheFor"/> so that
/// ingest does not hit the control store per request; revocation through this server takes
/// effect at once (the cache is cleared), revocation by another process within that time.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);
    private readonly IControlStateStore _store;
    private readonly TimeProvider _time;

    public ApiKeyAuthenticator(IControlStateStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>The active key with this secret, or null when unknown or revoked.</summary>
    public async ValueTask<ApiKey?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(ApiKeySecrets.Prefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }

        var hash = ApiKeySecrets.Hash(secret);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Until > now)
        {
            return cached.Key;
        }

        var key = await _store.FindApiKeyAsync(hash, cancellationToken);
        var active = key is { IsActive: true } ? key : null;
        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[hash] = (active, now + CacheFor);
        return active;
    }

    public void Invalidate() => _cache.Clear();
}
