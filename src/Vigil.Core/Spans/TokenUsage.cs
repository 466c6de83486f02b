namespace Vigil.Core.Spans;

/// <summary>
/// Token counts of one call. As in the GenAI conventions, <see cref="CacheRead"/> and
/// <see cref="CacheWrite"/> are part of <see cref="Input"/>, and <see cref="Reasoning"/> is part of
/// <see cref="Output"/>; they are never added on top.
/// </summary>
public sealed record TokenUsage
{
    public static readonly TokenUsage None = new();

    public long? Input { get; init; }
    public long? Output { get; init; }
    public long? CacheRead { get; init; }
    public long? CacheWrite { get; init; }
    public long? Reasoning { get; init; }

    public bool IsEmpty => Input is null && Output is null && CacheRead is null && CacheWrite is null && Reasoning is null;

    public long Total => (Input ?? 0) + (Output ?? 0);
}
