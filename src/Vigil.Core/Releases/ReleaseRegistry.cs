using Vigil.Core.Ports;

namespace Vigil.Core.Releases;

/// <summary>
/// Creates, activates, rolls back and compares a feature's releases over an <see cref="IReleaseStore"/>.
/// Every change is one atomic commit with its audit entry; refusals come back as data.
/// </summary>
public sealed class ReleaseRegistry(IReleaseStore store, TimeProvider time)
{
    public async Task<Outcome<Release>> CreateAsync(
        string project, ReleaseSpec spec, string actor, string? reason, CancellationToken cancellationToken)
    {
        var errors = spec.Validate();
        if (errors.Count > 0)
        {
            return new Refusal(RefusalKind.Invalid, errors);
        }

        var existing = await store.ListReleasesAsync(project, spec.Feature, cancellationToken);
        var release = spec.ToRelease(project, existing.Count == 0 ? 1 : existing.Max(r => r.Number) + 1, Now(), actor);
        var audit = new AuditEntry(release.CreatedAt, actor, ReleaseAction.Create, project, spec.Feature, release.Id, null, reason ?? "created", []);
        return await CommitAsync(new ReleaseCommit(project, spec.Feature, release, null, null, [audit]), release, cancellationToken);
    }

    public async Task<Outcome<ReleaseActivation>> ActivateAsync(
        string project, string feature, string releaseId, string actor, string reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new Refusal(RefusalKind.Invalid, "reason: say why the release is activated (it goes into the audit log)");
        }

        var found = await FindAsync(project, feature, releaseId, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        var release = found.Value!;
        var active = await store.GetActiveAsync(project, feature, cancellationToken);
        if (active?.ReleaseId == release.Id)
        {
            return new Refusal(RefusalKind.Conflict, $"{release.Id} is already the active release of {feature}");
        }

        var previous = active is null ? null : await store.GetReleaseAsync(project, feature, Number(active.ReleaseId), cancellationToken);
        var activation = Activation(release, previous, actor, reason);
        var audit = new AuditEntry(activation.At, actor, ReleaseAction.Activate, project, feature, release.Id, previous?.Id, reason, activation.Changes);
        return await CommitAsync(new ReleaseCommit(project, feature, null, activation, previous?.Id, [audit]), activation, cancellationToken);
    }

    /// <summary>
    /// Rolls <paramref name="axes"/> (every axis when null or empty) back to those of release
    /// <paramref name="toReleaseId"/>: a new release, made active at once.
    /// </summary>
    public async Task<Outcome<ReleaseActivation>> RollbackAsync(
        string project, string feature, string toReleaseId, IReadOnlyCollection<ReleaseAxis>? axes, string actor, string reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new Refusal(RefusalKind.Invalid, "reason: say why you roll back (it goes into the audit log)");
        }

        var active = await store.GetActiveAsync(project, feature, cancellationToken);
        if (active is null)
        {
            return new Refusal(RefusalKind.Conflict, $"{feature} has no active release to roll back");
        }

        var found = await FindAsync(project, feature, toReleaseId, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        var target = found.Value!;
        var current = (await store.GetReleaseAsync(project, feature, Number(active.ReleaseId), cancellationToken))!;
        var chosen = axes is { Count: > 0 } ? axes.Distinct().Order().ToList() : [.. Enum.GetValues<ReleaseAxis>()];
        var spec = ReleaseDiff.Rollback(current, target, chosen);
        if (ReleaseDiff.Between(ReleaseSpec.Of(current), spec).Count == 0)
        {
            return new Refusal(RefusalKind.Invalid,
                $"nothing to roll back: the {string.Join(", ", chosen.Select(a => a.ToString().ToLowerInvariant()))} of {target.Id} already match the active {current.Id}");
        }

        var releases = await store.ListReleasesAsync(project, feature, cancellationToken);
        var release = spec.ToRelease(project, releases.Max(r => r.Number) + 1, Now(), actor, new RollbackOrigin(target.Id, chosen));
        var activation = Activation(release, current, actor, reason);
        var audit = new AuditEntry(activation.At, actor, ReleaseAction.Rollback, project, feature, release.Id, current.Id, reason, activation.Changes);
        return await CommitAsync(new ReleaseCommit(project, feature, release, activation, current.Id, [audit]), activation, cancellationToken);
    }

    public async Task<Outcome<IReadOnlyList<AxisChange>>> DiffAsync(
        string project, string feature, string fromReleaseId, string toReleaseId, CancellationToken cancellationToken)
    {
        var from = await FindAsync(project, feature, fromReleaseId, cancellationToken);
        var to = await FindAsync(project, feature, toReleaseId, cancellationToken);
        if ((from.Error ?? to.Error) is { } error)
        {
            return error;
        }

        return Outcome<IReadOnlyList<AxisChange>>.Ok(ReleaseDiff.Between(from.Value!, to.Value!));
    }

    public async Task<Outcome<Release>> FindAsync(string project, string feature, string releaseId, CancellationToken cancellationToken)
    {
        if (!ReleaseIds.TryParse(releaseId, out var number))
        {
            return new Refusal(RefusalKind.Invalid, $"release: '{releaseId}' is not a release id (r1, r2, …)");
        }

        return await store.GetReleaseAsync(project, feature, number, cancellationToken) is { } release
            ? Outcome<Release>.Ok(release)
            : new Refusal(RefusalKind.NotFound, $"{feature} has no release {releaseId}");
    }

    private ReleaseActivation Activation(Release release, Release? previous, string actor, string reason) =>
        new(release.Project, release.Feature, release.Id, previous?.Id, Now(), actor, reason,
            previous is null ? [] : ReleaseDiff.Between(previous, release));

    private async Task<Outcome<T>> CommitAsync<T>(ReleaseCommit commit, T value, CancellationToken cancellationToken)
    {
        try
        {
            await store.CommitAsync(commit, cancellationToken);
            return Outcome<T>.Ok(value);
        }
        catch (ReleaseConflictException ex)
        {
            return new Refusal(RefusalKind.Conflict, $"{ex.Message}; another change to {commit.Feature} came first — retry");
        }
    }

    /// <summary>The clock's now to the microsecond: what stores keep, so what is returned equals what is read back.</summary>
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
    }

    private static int Number(string releaseId) => ReleaseIds.TryParse(releaseId, out var number) ? number : 0;
}
