using Vigil.Core.Ports;
using Vigil.Core.Releases;

namespace Vigil.Core.Tests.Releases;

/// <summary>The release port in memory, with the conflict rules of the contract; for the registry's tests.</summary>
internal sealed class InMemoryReleaseStore : IReleaseStore
{
    private readonly List<Release> _releases = [];
    private readonly List<ReleaseActivation> _activations = [];
    private readonly List<AuditEntry> _audit = [];

    public Task<IReadOnlyList<string>> ListFeaturesAsync(string project, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _releases.Where(r => r.Project == project).Select(r => r.Feature).Distinct().Order(StringComparer.Ordinal)]);

    public Task<IReadOnlyList<Release>> ListReleasesAsync(string project, string feature, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Release>>([.. _releases.Where(r => r.Project == project && r.Feature == feature).OrderBy(r => r.Number)]);

    public Task<Release?> GetReleaseAsync(string project, string feature, int number, CancellationToken cancellationToken) =>
        Task.FromResult(_releases.SingleOrDefault(r => r.Project == project && r.Feature == feature && r.Number == number));

    public Task<ReleaseActivation?> GetActiveAsync(string project, string feature, CancellationToken cancellationToken) =>
        Task.FromResult(_activations.LastOrDefault(a => a.Project == project && a.Feature == feature));

    public Task<IReadOnlyList<ReleaseActivation>> ListActivationsAsync(string project, string? feature, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReleaseActivation>>([.. _activations.Where(a => a.Project == project && (feature is null || a.Feature == feature) && a.At >= from && a.At < to)]);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string project, string? feature, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>([.. _audit.Where(a => a.Project == project && (feature is null || a.Feature == feature)).Reverse().Take(limit)]);

    public Task CommitAsync(ReleaseCommit commit, CancellationToken cancellationToken)
    {
        if (commit.NewRelease is { } release && _releases.Any(r => r.Project == release.Project && r.Feature == release.Feature && r.Number == release.Number))
        {
            throw new ReleaseConflictException($"{release.Feature} already has {release.Id}");
        }

        var active = _activations.LastOrDefault(a => a.Project == commit.Project && a.Feature == commit.Feature)?.ReleaseId;
        if (commit.Activation is not null && active != commit.ExpectedActiveReleaseId)
        {
            throw new ReleaseConflictException($"the active release of {commit.Feature} is {active ?? "none"}, not {commit.ExpectedActiveReleaseId ?? "none"}");
        }

        if (commit.NewRelease is not null)
        {
            _releases.Add(commit.NewRelease);
        }

        if (commit.Activation is not null)
        {
            _activations.Add(commit.Activation);
        }

        _audit.AddRange(commit.Audit);
        return Task.CompletedTask;
    }
}
