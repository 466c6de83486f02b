namespace Vigil.Core.Releases;

/// <summary>One field that differs between two releases.</summary>
public sealed record AxisChange(ReleaseAxis Axis, string Field, string? From, string? To);

/// <summary>What changed from one release to another, axis by axis.</summary>
public static class ReleaseDiff
{
    public static IReadOnlyList<AxisChange> Between(Release from, Release to) => Between(ReleaseSpec.Of(from), ReleaseSpec.Of(to));

    public static IReadOnlyList<AxisChange> Between(ReleaseSpec from, ReleaseSpec to)
    {
        var changes = new List<AxisChange>();
        Field(changes, ReleaseAxis.Model, "model.provider", from.Model.Provider, to.Model.Provider);
        Field(changes, ReleaseAxis.Model, "model.model", from.Model.Model, to.Model.Model);
        foreach (var key in from.Model.Parameters.Keys.Union(to.Model.Parameters.Keys).Order(StringComparer.Ordinal))
        {
            Field(changes, ReleaseAxis.Model, "model.parameters." + key, from.Model.Parameters.GetValueOrDefault(key), to.Model.Parameters.GetValueOrDefault(key));
        }

        Field(changes, ReleaseAxis.Prompt, "prompt.version", from.Prompt.Version, to.Prompt.Version);
        Field(changes, ReleaseAxis.Prompt, "prompt.template", from.Prompt.Template, to.Prompt.Template);
        Field(changes, ReleaseAxis.Index, "index", from.Index?.ToString(), to.Index?.ToString());
        Field(changes, ReleaseAxis.Routing, "routing.version", from.Routing.Version, to.Routing.Version);
        Field(changes, ReleaseAxis.Routing, "routing.primaries", string.Join(", ", from.Routing.Primaries), string.Join(", ", to.Routing.Primaries));
        Field(changes, ReleaseAxis.Routing, "routing.fallbacks", string.Join(" → ", from.Routing.Fallbacks), string.Join(" → ", to.Routing.Fallbacks));
        return changes;
    }

    /// <summary>The axes with at least one change.</summary>
    public static IReadOnlyList<ReleaseAxis> Axes(IEnumerable<AxisChange> changes) => [.. changes.Select(c => c.Axis).Distinct().Order()];

    /// <summary>
    /// The release a rollback makes: <paramref name="axes"/> copied from <paramref name="target"/>,
    /// the others kept from <paramref name="current"/>.
    /// </summary>
    public static ReleaseSpec Rollback(Release current, Release target, IReadOnlyCollection<ReleaseAxis> axes) => new()
    {
        Feature = current.Feature,
        Description = $"rollback of {string.Join(", ", axes.Order().Select(a => a.ToString().ToLowerInvariant()))} to {target.Id}",
        Model = axes.Contains(ReleaseAxis.Model) ? target.Model : current.Model,
        Prompt = axes.Contains(ReleaseAxis.Prompt) ? target.Prompt : current.Prompt,
        Index = axes.Contains(ReleaseAxis.Index) ? target.Index : current.Index,
        Routing = axes.Contains(ReleaseAxis.Routing) ? target.Routing : current.Routing,
    };

    private static void Field(List<AxisChange> changes, ReleaseAxis axis, string field, string? from, string? to)
    {
        if (!string.Equals(from, to, StringComparison.Ordinal))
        {
            changes.Add(new AxisChange(axis, field, from, to));
        }
    }
}
