using Vigil.Core.Pricing;

namespace Vigil.Ingest.Pricing;

/// <summary>
/// The price catalog in force, swapped atomically when prices are imported or configured: the
/// built-in catalog, then imported prices, then the overrides of vigil.yaml (later wins).
/// </summary>
public sealed class PriceBook
{
    private volatile PriceCatalog _current;

    public PriceBook(PriceCatalog initial)
    {
        _current = initial;
    }

    public PriceCatalog Current => _current;

    public void Replace(PriceCatalog catalog) => _current = catalog;

    /// <summary>The catalog built from the layers in order of precedence (last wins).</summary>
    public static PriceCatalog Compose(IEnumerable<ModelPrice> builtIn, IEnumerable<ModelPrice> imported, IEnumerable<ModelPrice> configured) =>
        PriceCatalog.Create(builtIn.Concat(imported).Concat(configured));
}
