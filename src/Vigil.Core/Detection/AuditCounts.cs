namespace Vigil.Core.Detection;

/// <summary>One feature's root spans in a window and, per required attribute, how many of them lack it (an absent key: none lack it).</summary>
public sealed record AuditCounts(string Feature, long Spans, IReadOnlyDictionary<string, long> Missing);
