using System.Security.Cryptography;
using System.Text;

namespace Vigil.Core.Projects;

/// <summary>
/// Creates and hashes API key secrets. A secret reads <c>vk_&lt;id&gt;_&lt;random&gt;</c>: the id is
/// public (listings, audit), the random part has 256 bits, and only the SHA-256 of the whole is stored.
/// </summary>
public static class ApiKeySecrets
{
    public const string Prefix = "vk_";

    /// <summary>Creates a new key; the returned secret is shown once and never stored.</summary>
    public static (ApiKey Key, string Secret) Create(string projectId, string name, ApiKeyScope scopes, DateTimeOffset now)
    {
        if (!ProjectIds.IsValid(projectId))
        {
            throw new ArgumentException($"project '{projectId}' is not a valid project id (lower-case letters, digits, '-' and '_', 1–64 characters)", nameof(projectId));
        }

        if (scopes == ApiKeyScope.None)
        {
            throw new ArgumentException("a key needs at least one scope (ingest, read, operate, admin)", nameof(scopes));
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var random = Base64Url(RandomNumberGenerator.GetBytes(32));
        var secret = $"{Prefix}{id}_{random}";
        var key = new ApiKey
        {
            Id = id,
            ProjectId = projectId,
            Name = name,
            Scopes = scopes,
            SecretHash = Hash(secret),
            CreatedAt = now,
        };
        return (key, secret);
    }

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Parses "ingest,read" (case-insensitive) into scopes; returns false naming the bad word.</summary>
    public static bool TryParseScopes(string text, out ApiKeyScope scopes, out string? error)
    {
        scopes = ApiKeyScope.None;
        error = null;
        foreach (var word in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<ApiKeyScope>(word, ignoreCase: true, out var scope) || scope == ApiKeyScope.None || !Enum.IsDefined(scope))
            {
                error = $"unknown scope '{word}' (expected ingest, read, operate or admin)";
                return false;
            }

            scopes |= scope;
        }

        if (scopes == ApiKeyScope.None)
        {
            error = "no scope given (expected ingest, read, operate or admin)";
            return false;
        }

        return true;
    }

    public static string FormatScopes(ApiKeyScope scopes) =>
        string.Join(',', Enum.GetValues<ApiKeyScope>().Where(s => s != ApiKeyScope.None && scopes.HasFlag(s)).Select(s => s.ToString().ToLowerInvariant()));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
