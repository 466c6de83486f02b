using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Core.Releases;

namespace Vigil.Server.Releases;

// The release API's JSON shapes (camelCase, enums snake_case, nulls omitted: see ApiJson).
// Requests reject unknown members, so a misspelt field is a 400 naming it rather than a silent default.

/// <summary>The body of <c>POST /features/{feature}/releases</c>, and of a release file for <c>vigil release create</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateReleaseRequest(
    string? Description, ModelInput? Model, PromptInput? Prompt, IndexInput? Index, RoutingInput? Routing, bool Activate = false, string? Reason = null);

/// <param name="Parameters">Sampling parameters; text, numbers and booleans, kept as text.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ModelInput(string? Provider, string? Model, IReadOnlyDictionary<string, JsonElement>? Parameters = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PromptInput(string? Version, string? Template);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IndexInput(string? Name, string? Version);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RoutingInput(string? Version, IReadOnlyList<RouteInput>? Primaries, IReadOnlyList<RouteInput>? Fallbacks = null);

/// <param name="Weight">Share of traffic among the primaries (default 1).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RouteInput(string? Provider, string? Model, double? Weight = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ActivateRequest(string? Reason);

/// <param name="Axes">model, prompt, index, routing; omitted or empty: all four.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RollbackRequest(string? To, IReadOnlyList<string>? Axes, string? Reason);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RenderRequest(IReadOnlyDictionary<string, JsonElement>? Variables);

/// <summary>One release; <see cref="Active"/> when it is the feature's active release.</summary>
public sealed record ReleaseJson(
    string Id,
    string Feature,
    int Number,
    string? Description,
    ModelJson Model,
    PromptJson Prompt,
    IndexJson? Index,
    RoutingJson Routing,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    RollbackOriginJson? RolledBackTo,
    bool Active)
{
    public static ReleaseJson From(Release release, string? activeId) => new(
        release.Id, release.Feature, release.Number, release.Description,
        new ModelJson(release.Model.Provider, release.Model.Model, new SortedDictionary<string, string>(release.Model.Parameters.ToDictionary(), StringComparer.Ordinal)),
        new PromptJson(release.Prompt.Version, release.Prompt.Template, PromptTemplates.Check(release.Prompt.Template) is null ? PromptTemplates.Variables(release.Prompt.Template) : []),
        release.Index is { } index ? new IndexJson(index.Name, index.Version) : null,
        RoutingJson.From(release.Routing),
        release.CreatedAt, release.CreatedBy,
        release.RolledBackTo is { } origin ? new RollbackOriginJson(origin.ReleaseId, origin.Axes) : null,
        release.Id == activeId);
}

public sealed record ModelJson(string Provider, string Model, IReadOnlyDictionary<string, string> Parameters);

/// <param name="Variables">The top-level variables the template reads (see PromptTemplates.Variables).</param>
public sealed record PromptJson(string Version, string Template, IReadOnlyList<string> Variables);

public sealed record IndexJson(string Name, string Version);

public sealed record RouteJson(string Provider, string Model, double Weight);

public sealed record RoutingJson(string Version, IReadOnlyList<RouteJson> Primaries, IReadOnlyList<RouteJson> Fallbacks)
{
    public static RoutingJson From(RoutingAxis routing) => new(
        routing.Version,
        [.. routing.Primaries.Select(t => new RouteJson(t.Provider, t.Model, t.Weight))],
        [.. routing.Fallbacks.Select(t => new RouteJson(t.Provider, t.Model, t.Weight))]);
}

/// <summary>For a release made by a rollback: the release whose axes it copied, and which.</summary>
public sealed record RollbackOriginJson(string ReleaseId, IReadOnlyList<ReleaseAxis> Axes);

/// <summary>A feature with releases: how many, the newest, and the active one (null when none was activated).</summary>
public sealed record FeatureJson(string Feature, int Releases, string Latest, ReleaseJson? Active, DateTimeOffset? ActiveSince);

public sealed record FeatureListJson(IReadOnlyList<FeatureJson> Features);

/// <summary>A feature's releases, oldest first, and which is active.</summary>
public sealed record ReleaseListJson(string Feature, string? Active, IReadOnlyList<ReleaseJson> Releases);

public sealed record AxisChangeJson(ReleaseAxis Axis, string Field, string? From, string? To)
{
    public static IReadOnlyList<AxisChangeJson> Of(IEnumerable<AxisChange> changes) =>
        [.. changes.Select(c => new AxisChangeJson(c.Axis, c.Field, c.From, c.To))];
}

/// <summary>A deploy marker: a release became the feature's active one.</summary>
/// <param name="Axes">The axes that changed from the previous active release.</param>
public sealed record ActivationJson(
    string Feature, string ReleaseId, string? PreviousReleaseId, DateTimeOffset At, string Actor, string Reason,
    IReadOnlyList<ReleaseAxis> Axes, IReadOnlyList<AxisChangeJson> Changes)
{
    public static ActivationJson From(ReleaseActivation a) =>
        new(a.Feature, a.ReleaseId, a.PreviousReleaseId, a.At, a.Actor, a.Reason, ReleaseDiff.Axes(a.Changes), AxisChangeJson.Of(a.Changes));
}

/// <summary>What a create or a rollback made: the new release and, when it was activated, its deploy marker.</summary>
public sealed record ReleaseChangeJson(ReleaseJson Release, ActivationJson? Activation);

public sealed record DiffJson(string Feature, string From, string To, IReadOnlyList<ReleaseAxis> Axes, IReadOnlyList<AxisChangeJson> Changes);

public sealed record DeployListJson(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ActivationJson> Deploys);

public sealed record AuditEntryJson(
    DateTimeOffset At, string Actor, ReleaseAction Action, string Feature, string ReleaseId, string? FromReleaseId, string Reason,
    IReadOnlyList<ReleaseAxis> Axes, IReadOnlyList<AxisChangeJson> Changes)
{
    public static AuditEntryJson From(AuditEntry e) =>
        new(e.At, e.Actor, e.Action, e.Feature, e.ReleaseId, e.FromReleaseId, e.Reason, ReleaseDiff.Axes(e.Changes), AxisChangeJson.Of(e.Changes));
}

/// <summary>The newest entries first.</summary>
public sealed record AuditListJson(IReadOnlyList<AuditEntryJson> Entries);

public sealed record RenderJson(string Feature, string ReleaseId, string PromptVersion, string Text);
