namespace Vigil.Core.Slos;

/// <summary>
/// Which spans (or evaluated responses) an SLI looks at: one feature, optionally narrowed to a stage,
/// team, user segment, provider, model or operation. Null means "any".
/// </summary>
public sealed record SliScope
{
    public required string Feature { get; init; }
    public string? Stage { get; init; }
    public string? Team { get; init; }
    public string? Segment { get; init; }
    public string? Provider { get; init; }
    public string? Model { get; init; }
    public string? Operation { get; init; }

    /// <summary>Only root spans: the feature's requests end to end rather than its individual calls.</summary>
    public bool RootOnly { get; init; }

    public bool Matches(SliSpan span) =>
        string.Equals(span.Feature, Feature, StringComparison.Ordinal)
        && (!RootOnly || span.IsRoot)
        && Is(Stage, span.Stage) && Is(Team, span.Team) && Is(Segment, span.Segment)
        && Is(Provider, span.Provider) && Is(Model, span.Model) && Is(Operation, span.Operation);

    /// <summary>An evaluation matches on the dimensions of the span it evaluated (absent ones never match a narrowing).</summary>
    public bool Matches(SliEvaluation evaluation) =>
        string.Equals(evaluation.Feature, Feature, StringComparison.Ordinal)
        && Is(Stage, evaluation.Stage) && Is(Team, evaluation.Team) && Is(Segment, evaluation.Segment)
        && Is(Provider, evaluation.Provider) && Is(Model, evaluation.Model);

    private static bool Is(string? wanted, string? actual) => wanted is null || string.Equals(wanted, actual, StringComparison.Ordinal);
}
