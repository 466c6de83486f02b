namespace Vigil.Core.Pricing;

/// <summary>
/// An immutable set of model prices over time. Lookup canonicalises the model name (provider
/// prefixes and dated versions removed, see <see cref="ModelNames"/>), prefers a price for the
/// call's provider over a provider-agnostic one, and takes the latest price whose effective date is
/// at or before the call's time.
/// </summary>
/// <remarks>
/// A price is indexed under its <see cref="ModelPrice.Model"/> as given (case-insensitively), so a
/// fine-tuned or custom name configured verbatim matches calls that name it. Lookup tries the call's
/// model as given, then without its route ("openai/x" → "x"), then its canonical name, and takes the
/// first name that has a price: a price for an exact snapshot ("gpt-4o-2024-05-13") beats the price
/// of its canonical model. Provider names are compared after <see cref="ProviderNames.Normalize"/>.
/// Everything is precomputed in <see cref="Create"/>; <see cref="Find"/> does a few dictionary lookups.
/// </remarks>
public sealed class PriceCatalog
{
    public static PriceCatalog Empty { get; } = Create([]);

    private readonly Dictionary<string, ModelSeries> _byModel;
    private readonly Dictionary<string, ModelSeries>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    private PriceCatalog(IReadOnlyList<ModelPrice> prices)
    {
        Prices = prices;
        _byModel = Index(prices);
        _bySpan = _byModel.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>All prices. For one (model, provider, effective date) the last one given wins.</summary>
    public IReadOnlyList<ModelPrice> Prices { get; }

    /// <summary>Builds a catalog; later entries override earlier ones with the same model, provider and date.</summary>
    public static PriceCatalog Create(IEnumerable<ModelPrice> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var positions = new Dictionary<(string Model, string Provider, DateTimeOffset From), int>();
        var kept = new List<ModelPrice>();
        foreach (var price in prices)
        {
            Validate(price);
            var key = (price.Model.Trim().ToLowerInvariant(), ProviderNames.Normalize(price.Provider) ?? "", price.EffectiveFrom);
            if (positions.TryGetValue(key, out var at))
            {
                kept[at] = price;
            }
            else
            {
                positions[key] = kept.Count;
                kept.Add(price);
            }
        }

        return new PriceCatalog(kept.AsReadOnly());
    }

    /// <summary>The price that applies to a call of <paramref name="model"/> at <paramref name="at"/>, or null.</summary>
    public ModelPrice? Find(string? provider, string model, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(model) || _byModel.Count == 0)
        {
            return null;
        }

        var normalizedProvider = ProviderNames.Normalize(provider);
        var name = model.AsSpan().Trim();
        if (_bySpan.TryGetValue(name, out var series) && series.Find(normalizedProvider, at) is { } exact)
        {
            return exact;
        }

        var withoutRoute = ModelNames.WithoutRoute(name);
        if (withoutRoute.Length != name.Length && _bySpan.TryGetValue(withoutRoute, out series) && series.Find(normalizedProvider, at) is { } routed)
        {
            return routed;
        }

        var canonical = ModelNames.Canonical(model);
        return !canonical.AsSpan().Equals(name, StringComparison.OrdinalIgnoreCase) && _byModel.TryGetValue(canonical, out series)
            ? series.Find(normalizedProvider, at)
            : null;
    }

    private static void Validate(ModelPrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        if (string.IsNullOrWhiteSpace(price.Model))
        {
            throw new ArgumentException($"a price from '{price.Source}' names no model", nameof(price));
        }

        decimal?[] rates = [price.InputPerMillion, price.OutputPerMillion, price.CacheReadPerMillion, price.CacheWritePerMillion, price.ReasoningPerMillion,
            .. price.Tiers.SelectMany(t => new decimal?[] { t.InputPerMillion, t.OutputPerMillion, t.CacheReadPerMillion, t.CacheWritePerMillion })];
        if (rates.Any(r => r < 0))
        {
            throw new ArgumentException($"the price of '{price.Model}' from '{price.Source}' has a negative rate", nameof(price));
        }
    }

    private static Dictionary<string, ModelSeries> Index(IReadOnlyList<ModelPrice> prices)
    {
        var byModel = new Dictionary<string, ModelSeries>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in prices.GroupBy(p => p.Model.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            byModel[group.Key] = new ModelSeries(group);
        }

        return byModel;
    }

    /// <summary>The prices of one model name: provider-agnostic and per provider, each in date order.</summary>
    private sealed class ModelSeries
    {
        private readonly ModelPrice[] _anyProvider;
        private readonly Dictionary<string, ModelPrice[]>? _byProvider;

        public ModelSeries(IEnumerable<ModelPrice> prices)
        {
            var byProvider = prices
                .GroupBy(p => ProviderNames.Normalize(p.Provider) ?? "", StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.OrderBy(p => p.EffectiveFrom).ToArray(), StringComparer.OrdinalIgnoreCase);
            _anyProvider = byProvider.Remove("", out var any) ? any : [];
            _byProvider = byProvider.Count == 0 ? null : byProvider;
        }

        public ModelPrice? Find(string? provider, DateTimeOffset at)
        {
            if (provider is not null && _byProvider is not null && _byProvider.TryGetValue(provider, out var specific) && Latest(specific, at) is { } price)
            {
                return price;
            }

            return Latest(_anyProvider, at);
        }

        private static ModelPrice? Latest(ModelPrice[] dated, DateTimeOffset at)
        {
            for (var i = dated.Length - 1; i >= 0; i--)
            {
                if (dated[i].EffectiveFrom <= at)
                {
                    return dated[i];
                }
            }

            return null;
        }
    }
}
