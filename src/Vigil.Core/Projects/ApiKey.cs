namespace Vigil.Core.Projects;

/// <summary>An API key as stored: only the SHA-256 hash of its secret is kept.</summary>
public sealed record ApiKey
{
    /// <summary>Public identifier, shown in listings and audit logs (the secret's prefix).</summary>
    public required string Id { get; init; }

    public required string ProjectId { get; init; }
    public required string Name { get; init; }
    public required ApiKeyScope Scopes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the full secret.</summary>
    public required string SecretHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsActive => RevokedAt is null;

    public bool Allows(ApiKeyScope scope) => IsActive && Scopes.Grants(scope);
}
