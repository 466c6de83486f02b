using Vigil.Core.Pricing;
using Vigil.Core.Ports;

namespace Vigil.Ingest.Pricing;

/// <summary>
/// Keeps the <see cref="PriceBook"/> in step with its sources: the built-in catalog, prices imported
/// into the control store, and the overrides of vigil.yaml, in that order of precedence.
/// </summary>
public sealed class PriceRegistry
{
    private readonly IControlStateStore _store;
    private readonly IReadOnlyList<ModelPrice> _configured;

    public PriceRegistry(IControlStateStore store, PriceBook book, IReadOnlyList<ModelPrice> configured)
    {
        _store = store;
        Book = book;
        _configured = configured;
    }

    public PriceBook Book { get; }

    /// <summary>Rebuilds the catalog from the store; call at start and after every import.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var imported = await _store.ListPricesAsync(cancellationToken).ConfigureAwait(false);
        Book.Replace(PriceBook.Compose(BuiltInPrices.All, imported, _configured));
    }

    /// <summary>Imports a LiteLLM price table (all or nothing) and reloads.</summary>
    public async Task<PriceImportSummary> ImportLiteLlmAsync(string json, string source, DateTimeOffset effectiveFrom, CancellationToken cancellationToken)
    {
        var parsed = LiteLlmPriceTable.Parse(json, source, effectiveFrom);
        var saved = await _store.SavePricesAsync(parsed.Prices, cancellationToken).ConfigureAwait(false);
        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return new PriceImportSummary(saved, parsed.Skipped.Count, parsed.Skipped.Take(20).Select(s => $"{s.Entry}: {s.Reason}").ToList());
    }
}

/// <summary>What an import did: prices saved, entries skipped and why (the first 20).</summary>
public sealed record PriceImportSummary(int Imported, int Skipped, IReadOnlyList<string> SkippedExamples);
