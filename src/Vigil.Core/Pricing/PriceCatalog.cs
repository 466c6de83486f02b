namespace Vigil.Core.Pricing;

/// <summary>
/// An immutable set of model prices over time. Lookup canonicalises the model name (provider
/// prefixes and dated versions removed, see <see cref="ModelNames"/>), prefers a price for the
/// call's provider over a provider-agnostic one, and takes the latest price whose effective date is
/// at or before the call's time.
/// </summary>
public sealed class PriceCatalog
{
    public static PriceCatalog Empty { get; } = Create([]);

    private PriceCatalog(IReadOnlyList<ModelPrice> prices)
    {
        Prices = prices;
    }

    /// <summary>All prices. For one (model, provider, effective date) the last one given wins.</summary>
    public IReadOnlyList<ModelPrice> Prices { get; }

    /// <summary>Builds a catalog; later entries override earlier ones with the same model, provider and date.</summary>
    public static PriceCatalog Create(IEnumerable<ModelPrice> prices) => throw new NotImplementedException();

    /// <summary>The price that applies to a call of <paramref name="model"/> at <paramref name="at"/>, or null.</summary>
    public ModelPrice? Find(string? provider, string model, DateTimeOffset at) => throw new NotImplementedException();
}
