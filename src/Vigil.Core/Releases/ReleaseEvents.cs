namespace Vigil.Core.Releases;

/// <summary>A release becoming a feature's active one: a deploy marker on the timeline, with what changed.</summary>
public sealed record ReleaseActivation(
    string Project, string Feature, string ReleaseId, string? PreviousReleaseId, DateTimeOffset At, string Actor, string Reason,
    IReadOnlyList<AxisChange> Changes);

/// <summary>What an audit entry records.</summary>
public enum ReleaseAction
{
    Create,
    Activate,
    Rollback,
}

/// <summary>One change to a feature's releases: who, when, why, from what to what.</summary>
public sealed record AuditEntry(
    DateTimeOffset At, string Actor, ReleaseAction Action, string Project, string Feature, string ReleaseId, string? FromReleaseId, string Reason,
    IReadOnlyList<AxisChange> Changes);
