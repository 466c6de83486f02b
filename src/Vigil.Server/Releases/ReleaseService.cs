using Vigil.Core;
using Vigil.Core.Ports;
using Vigil.Core.Releases;

namespace Vigil.Server.Releases;

/// <summary>
/// The release API without HTTP: requests in, JSON shapes or refusals (errors as data) out. The
/// endpoints and the CLI's embedded-store backend both call it, so both answer alike.
/// </summary>
public sealed class ReleaseService(ReleaseRegistry registry, IReleaseStore store)
{
    public async Task<FeatureListJson> ListFeaturesAsync(string project, CancellationToken cancellationToken)
    {
        var features = new List<FeatureJson>();
        foreach (var feature in await store.ListFeaturesAsync(project, cancellationToken))
        {
            var releases = await store.ListReleasesAsync(project, feature, cancellationToken);
            var active = await store.GetActiveAsync(project, feature, cancellationToken);
            var current = releases.FirstOrDefault(r => r.Id == active?.ReleaseId);
            features.Add(new FeatureJson(feature, releases.Count, releases[^1].Id, current is null ? null : ReleaseJson.From(current, current.Id), active?.At));
        }

        return new FeatureListJson(features);
    }

    public async Task<Outcome<ReleaseListJson>> ListReleasesAsync(string project, string feature, CancellationToken cancellationToken)
    {
        var (releases, error) = await ReleasesOfAsync(project, feature, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var active = await store.GetActiveAsync(project, feature, cancellationToken);
        return Outcome<ReleaseListJson>.Ok(new ReleaseListJson(feature, active?.ReleaseId, [.. releases.Select(r => ReleaseJson.From(r, active?.ReleaseId))]));
    }

    public async Task<Outcome<ReleaseJson>> GetReleaseAsync(string project, string feature, string id, CancellationToken cancellationToken)
    {
        var found = await FindAsync(project, feature, id, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        var active = await store.GetActiveAsync(project, feature, cancellationToken);
        return Outcome<ReleaseJson>.Ok(ReleaseJson.From(found.Value!, active?.ReleaseId));
    }

    /// <summary>
    /// Creates a release and, when asked, activates it. The two are separate commits: when the
    /// activation is refused (another change came first) the release stays, inactive, and the refusal says so.
    /// </summary>
    public async Task<Outcome<ReleaseChangeJson>> CreateAsync(
        string project, string feature, CreateReleaseRequest request, string actor, CancellationToken cancellationToken)
    {
        var spec = ReleaseRequests.ToSpec(feature, request);
        if (spec.Error is { } invalid)
        {
            return invalid;
        }

        var created = await registry.CreateAsync(project, spec.Value!, actor, request.Reason, cancellationToken);
        if (created.Error is { } error)
        {
            return error;
        }

        var release = created.Value!;
        if (!request.Activate)
        {
            return Outcome<ReleaseChangeJson>.Ok(new ReleaseChangeJson(ReleaseJson.From(release, activeId: null), null));
        }

        var activated = await registry.ActivateAsync(project, feature, release.Id, actor, request.Reason!, cancellationToken);
        if (activated.Error is { } refused)
        {
            return refused with { Messages = [.. refused.Messages.Select(m => $"{release.Id} was created but not activated: {m}")] };
        }

        return Outcome<ReleaseChangeJson>.Ok(new ReleaseChangeJson(ReleaseJson.From(release, release.Id), ActivationJson.From(activated.Value!)));
    }

    public async Task<Outcome<ActivationJson>> ActivateAsync(
        string project, string feature, string id, ActivateRequest request, string actor, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        ReleaseRequests.Reason(errors, request.Reason, "to activate a release (it goes into the audit log)");
        if (errors.Count > 0)
        {
            return new Refusal(RefusalKind.Invalid, errors);
        }

        if (InvalidFeature(feature) is { } invalid)
        {
            return invalid;
        }

        var activated = await registry.ActivateAsync(project, feature, id, actor, request.Reason!, cancellationToken);
        return activated.Error is { } error ? error : Outcome<ActivationJson>.Ok(ActivationJson.From(activated.Value!));
    }

    public async Task<Outcome<ReleaseChangeJson>> RollbackAsync(
        string project, string feature, RollbackRequest request, string actor, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.To))
        {
            errors.Add("to: required: the release whose axes to restore (r1, r2, …)");
        }

        var axes = ReleaseRequests.Axes(request.Axes, errors);
        ReleaseRequests.Reason(errors, request.Reason, "to roll back (it goes into the audit log)");
        if (errors.Count > 0)
        {
            return new Refusal(RefusalKind.Invalid, errors);
        }

        var (_, unknown) = await ReleasesOfAsync(project, feature, cancellationToken);
        if (unknown is not null)
        {
            return unknown;
        }

        var rolledBack = await registry.RollbackAsync(project, feature, request.To!, axes, actor, request.Reason!, cancellationToken);
        if (rolledBack.Error is { } error)
        {
            return error;
        }

        var activation = rolledBack.Value!;
        var release = await store.GetReleaseAsync(project, feature, Number(activation.ReleaseId), cancellationToken);
        return Outcome<ReleaseChangeJson>.Ok(new ReleaseChangeJson(ReleaseJson.From(release!, release!.Id), ActivationJson.From(activation)));
    }

    public async Task<Outcome<DiffJson>> DiffAsync(string project, string feature, string from, string to, CancellationToken cancellationToken)
    {
        if (InvalidFeature(feature) is { } invalid)
        {
            return invalid;
        }

        var diff = await registry.DiffAsync(project, feature, from, to, cancellationToken);
        return diff.Error is { } error
            ? error
            : Outcome<DiffJson>.Ok(new DiffJson(feature, from, to, ReleaseDiff.Axes(diff.Value!), AxisChangeJson.Of(diff.Value!)));
    }

    /// <summary>Deploy markers in <c>[from, to)</c>, oldest first; every feature's when <paramref name="feature"/> is null.</summary>
    public async Task<Outcome<DeployListJson>> ListDeploysAsync(
        string project, string? feature, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (feature is not null && (await ReleasesOfAsync(project, feature, cancellationToken)).Error is { } error)
        {
            return error;
        }

        var activations = await store.ListActivationsAsync(project, feature, from, to, cancellationToken);
        return Outcome<DeployListJson>.Ok(new DeployListJson(from, to, [.. activations.Select(ActivationJson.From)]));
    }

    /// <summary>The newest audit entries first; a feature that has no releases has no entries.</summary>
    public async Task<AuditListJson> ListAuditAsync(string project, string? feature, int limit, CancellationToken cancellationToken) =>
        new([.. (await store.ListAuditAsync(project, feature, limit, cancellationToken)).Select(AuditEntryJson.From)]);

    public async Task<Outcome<RenderJson>> RenderAsync(
        string project, string feature, string id, RenderRequest request, CancellationToken cancellationToken)
    {
        var found = await FindAsync(project, feature, id, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        var release = found.Value!;
        var render = PromptTemplates.Render(release.Prompt.Template, ReleaseRequests.Variables(request.Variables));
        if (render.Missing.Count > 0)
        {
            return new Refusal(RefusalKind.Invalid,
                [.. render.Missing.Select(m => $"variables.{m}: missing; the template of {release.Id} uses {{{{{m}}}}}")]);
        }

        return render.Text is { } text
            ? Outcome<RenderJson>.Ok(new RenderJson(feature, release.Id, release.Prompt.Version, text))
            : new Refusal(RefusalKind.Invalid, $"variables: the template of {release.Id} could not be rendered: {render.Error}");
    }

    private async Task<Outcome<Release>> FindAsync(string project, string feature, string id, CancellationToken cancellationToken) =>
        InvalidFeature(feature) ?? await registry.FindAsync(project, feature, id, cancellationToken);

    /// <summary>The feature's releases; Invalid for a name that cannot be a feature, NotFound when it has none.</summary>
    private async Task<(IReadOnlyList<Release> Releases, Refusal? Error)> ReleasesOfAsync(string project, string feature, CancellationToken cancellationToken)
    {
        if (InvalidFeature(feature) is { } invalid)
        {
            return ([], invalid);
        }

        var releases = await store.ListReleasesAsync(project, feature, cancellationToken);
        return releases.Count == 0
            ? ([], new Refusal(RefusalKind.NotFound, $"feature '{feature}' has no releases in project '{project}'"))
            : (releases, null);
    }

    private static Refusal? InvalidFeature(string feature) => FeatureNames.IsValid(feature)
        ? null
        : new Refusal(RefusalKind.Invalid, "feature: " + FeatureNames.Problem(feature));

    private static int Number(string id) => ReleaseIds.TryParse(id, out var number) ? number : 0;
}
