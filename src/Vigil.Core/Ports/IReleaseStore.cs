using Vigil.Core.Releases;

namespace Vigil.Core.Ports;

/// <summary>
/// Where releases, activations (deploy markers) and the audit log live. Releases are immutable;
/// <see cref="CommitAsync"/> is the only write, and applies a whole change atomically.
/// </summary>
public interface IReleaseStore
{
    /// <summary>The features of a project that have releases, in name order.</summary>
    Task<IReadOnlyList<string>> ListFeaturesAsync(string project, CancellationToken cancellationToken);

    /// <summary>A feature's releases, oldest first.</summary>
    Task<IReadOnlyList<Release>> ListReleasesAsync(string project, string feature, CancellationToken cancellationToken);

    Task<Release?> GetReleaseAsync(string project, string feature, int number, CancellationToken cancellationToken);

    /// <summary>The latest activation of the feature (its active release), or null when none was activated.</summary>
    Task<ReleaseActivation?> GetActiveAsync(string project, string feature, CancellationToken cancellationToken);

    /// <summary>Activations in <c>[from, to)</c>, oldest first; every feature when <paramref name="feature"/> is null.</summary>
    Task<IReadOnlyList<ReleaseActivation>> ListActivationsAsync(string project, string? feature, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The newest audit entries first, at most <paramref name="limit"/>; every feature when <paramref name="feature"/> is null.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string project, string? feature, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a release (if any), an activation (if any) and the audit entries in one transaction.
    /// Throws <see cref="ReleaseConflictException"/> — and writes nothing — when the new release's
    /// number is taken, or the feature's active release is no longer <see cref="ReleaseCommit.ExpectedActiveReleaseId"/>.
    /// </summary>
    Task CommitAsync(ReleaseCommit commit, CancellationToken cancellationToken);
}

/// <summary>One atomic change to a feature's releases.</summary>
/// <param name="ExpectedActiveReleaseId">With an activation: the active release it replaces (null: none yet).</param>
public sealed record ReleaseCommit(
    string Project, string Feature, Release? NewRelease, ReleaseActivation? Activation, string? ExpectedActiveReleaseId, IReadOnlyList<AuditEntry> Audit);

/// <summary>Another change to the same feature won the race; retry on fresh state.</summary>
public sealed class ReleaseConflictException : Exception
{
    public ReleaseConflictException()
    {
    }

    public ReleaseConflictException(string message)
        : base(message)
    {
    }

    public ReleaseConflictException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
