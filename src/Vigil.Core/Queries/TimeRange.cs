namespace Vigil.Core.Queries;

/// <summary>A half-open time range [From, To).</summary>
public sealed record TimeRange(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To - From;
}
