namespace Vigil.Core.Releases;

/// <summary>
/// One release of a feature: model, prompt, index (retrieval features) and routing. Releases are
/// immutable and numbered per feature (<c>r1</c>, <c>r2</c>, …); a rollback makes a new release whose
/// axes are copied, so history stays linear.
/// </summary>
public sealed record Release
{
    public required string Project { get; init; }
    public required string Feature { get; init; }

    /// <summary>The release's number within its feature, from 1.</summary>
    public required int Number { get; init; }

    public string Id => ReleaseIds.Format(Number);

    public string? Description { get; init; }
    public required ModelAxis Model { get; init; }
    public required PromptAxis Prompt { get; init; }
    public IndexAxis? Index { get; init; }
    public required RoutingAxis Routing { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }

    /// <summary>For a rollback: the release whose axes were copied, and which axes.</summary>
    public RollbackOrigin? RolledBackTo { get; init; }

    /// <summary>The version each axis has in this release, as spans carry them.</summary>
    public string AxisVersion(ReleaseAxis axis) => axis switch
    {
        ReleaseAxis.Model => Model.Version,
        ReleaseAxis.Prompt => Prompt.Version,
        ReleaseAxis.Index => Index?.ToString() ?? "-",
        _ => Routing.Version,
    };
}

/// <summary>Which earlier release a rollback copied, and which of its axes.</summary>
public sealed record RollbackOrigin(string ReleaseId, IReadOnlyList<ReleaseAxis> Axes)
{
    public bool Equals(RollbackOrigin? other) => other is not null && ReleaseId == other.ReleaseId && Axes.SequenceEqual(other.Axes);

    public override int GetHashCode() => HashCode.Combine(ReleaseId, Axes.Count);
}

/// <summary>Release ids: <c>r</c> and the release's number.</summary>
public static class ReleaseIds
{
    public static string Format(int number) => "r" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParse(string? id, out int number)
    {
        number = 0;
        return id is { Length: > 1 } && id[0] == 'r'
            && int.TryParse(id.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number)
            && number > 0;
    }
}
