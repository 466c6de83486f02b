namespace Vigil.Core.Spans;

/// <summary>Whether Vigil could price a span.</summary>
public enum PricingStatus
{
    /// <summary>The span carries no token usage: nothing to price (retrieval, tool calls, …).</summary>
    NotApplicable = 0,

    /// <summary>Priced from the catalog; <see cref="Span.Cost"/> holds the amount.</summary>
    Priced = 1,

    /// <summary>The span used tokens but no price matched its model: counted, never silently 0.</summary>
    Unpriced = 2,
}
