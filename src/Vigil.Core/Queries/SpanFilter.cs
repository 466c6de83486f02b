namespace Vigil.Core.Queries;

/// <summary>Equality filters on the attribution dimensions; null means "any".</summary>
public sealed record SpanFilter
{
    public static readonly SpanFilter Any = new();

    public string? Feature { get; init; }
    public string? Team { get; init; }
    public string? UserId { get; init; }
    public string? Model { get; init; }
    public string? Provider { get; init; }
    public string? Release { get; init; }
    public string? Stage { get; init; }
}
