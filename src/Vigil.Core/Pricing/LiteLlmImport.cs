namespace Vigil.Core.Pricing;

/// <summary>
/// What <see cref="LiteLlmPriceTable.Parse"/> read from a LiteLLM price table: one price per entry
/// with per-token prices, and the entries it left out with the reason for each.
/// </summary>
public sealed record LiteLlmImport(IReadOnlyList<ModelPrice> Prices, IReadOnlyList<SkippedPriceEntry> Skipped);

/// <summary>An entry of a price table that was not imported, and why.</summary>
public sealed record SkippedPriceEntry(string Entry, string Reason);
