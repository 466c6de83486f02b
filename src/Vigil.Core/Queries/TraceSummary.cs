namespace Vigil.Core.Queries;

/// <summary>One trace in a search result.</summary>
public sealed record TraceSummary
{
    public required string TraceId { get; init; }
    public required string RootName { get; init; }
    public required string Service { get; init; }
    public required string Feature { get; init; }
    public string? Team { get; init; }
    public string? UserId { get; init; }
    public string? Release { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required double DurationMs { get; init; }
    public required int SpanCount { get; init; }
    public required int ErrorCount { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public decimal Cost { get; init; }
    public int UnpricedCalls { get; init; }
    public IReadOnlyList<string> Models { get; init; } = [];
}

/// <summary>A page of traces and the cursor of the next page (null on the last).</summary>
public sealed record TracePage(IReadOnlyList<TraceSummary> Items, string? NextCursor);
