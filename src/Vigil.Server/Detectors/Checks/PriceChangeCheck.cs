using Vigil.Core.Detection;
using Vigil.Core.Pricing;
using Vigil.Detectors;
using Vigil.Detectors.Cost;

namespace Vigil.Server.Detectors.Checks;

/// <summary>
/// Vendor price changes: what vendors bill per token (the cost spans report, <c>gen_ai.usage.cost</c>) for the same
/// provider and model, the current window against the reference. A bill is one number per call; it is split into
/// input and output by the price catalog's proportions for the model (by token counts when the catalog does not
/// know it), so a change that moves both prices alike shows in both directions. Vigil's own computed cost cannot
/// show a vendor's change: it follows the catalog.
/// </summary>
internal sealed class PriceChangeCheck(PriceDetectorSettings settings, Func<PriceCatalog> catalog, TimeSpan interval) : IDetectorCheck
{
    public string Name => PriceChangeDetector.Name;

    public TimeSpan Interval => interval;

    public async Task<IReadOnlyList<Finding>> RunAsync(DetectorContext context, CancellationToken cancellationToken)
    {
        var (reference, current) = context.Windows(settings.Current, settings.Reference);
        var before = await context.Source.ReadBilledAsync(context.ProjectId, reference, cancellationToken);
        var now = await context.Source.ReadBilledAsync(context.ProjectId, current, cancellationToken);
        var prices = catalog();
        return PriceChangeDetector.Evaluate(
            [.. before.Select(h => Split(h, prices, context.Now))], reference, [.. now.Select(h => Split(h, prices, context.Now))], current, settings.Options);
    }

    internal static ModelPriceHour Split(BilledHour hour, PriceCatalog prices, DateTimeOffset at)
    {
        var price = prices.Find(hour.Provider, hour.Model, at);
        var (inWeight, outWeight) = price is null
            ? (hour.InputTokens, hour.OutputTokens)
            : ((double)price.InputPerMillion * hour.InputTokens, (double)price.OutputPerMillion * hour.OutputTokens);
        var inShare = inWeight + outWeight > 0 ? inWeight / (inWeight + outWeight) : 0.5;
        return new ModelPriceHour(
            hour.Provider, hour.Model, hour.Hour, hour.InputTokens, hour.OutputTokens, hour.BilledCostUsd * inShare, hour.BilledCostUsd * (1 - inShare));
    }
}
