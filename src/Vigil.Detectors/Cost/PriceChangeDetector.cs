using Vigil.Core.Queries;

namespace Vigil.Detectors.Cost;

/// <summary>Defaults of the vendor price-change detector; every one overridable.</summary>
public sealed record PriceChangeOptions
{
    /// <summary>Alert when USD per 1k input or output tokens moved by at least this relative change.</summary>
    public double RelativeChange { get; init; } = 0.05;

    /// <summary>A direction (input or output) is compared only with at least this many tokens in each window.</summary>
    public long MinimumTokens { get; init; } = 10_000;
}

/// <summary>
/// Vendor price changes: USD per 1k input and per 1k output tokens of the same provider and model, current window
/// against a baseline window. One finding per provider and model. Detector <c>vendor_price</c>.
/// </summary>
public static class PriceChangeDetector
{
    public const string Name = "vendor_price";

    public static IReadOnlyList<Finding> Evaluate(
        IReadOnlyCollection<ModelPriceHour> baseline, TimeRange baselineRange,
        IReadOnlyCollection<ModelPriceHour> current, TimeRange currentRange,
        PriceChangeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new PriceChangeOptions();
        var keys = baseline.Concat(current).Select(r => (r.Provider, r.Model)).Distinct().Order().ToList();
        var findings = new List<Finding>();
        foreach (var (provider, model) in keys)
        {
            var b = Sum(baseline.Where(r => r.Provider == provider && r.Model == model && In(r.HourStart, baselineRange)));
            var c = Sum(current.Where(r => r.Provider == provider && r.Model == model && In(r.HourStart, currentRange)));
            var parts = new List<string>();
            var compared = new List<double>();
            foreach (var (label, bt, bc, ct, cc) in new[] { ("input", b.InTokens, b.InCost, c.InTokens, c.InCost), ("output", b.OutTokens, b.OutCost, c.OutTokens, c.OutCost) })
            {
                if (bt < options.MinimumTokens || ct < options.MinimumTokens)
                {
                    parts.Add(FormattableString.Invariant($"{label} not compared ({bt:N0} tokens in the baseline, {ct:N0} now; each needs {options.MinimumTokens:N0})"));
                    continue;
                }

                var (old, now) = (bc / bt * 1000, cc / ct * 1000);
                var change = old > 0 ? (now / old) - 1 : now > 0 ? double.PositiveInfinity : 0;
                compared.Add(change);
                parts.Add(FormattableString.Invariant($"{label} {CostText.Usd(old)} → {CostText.Usd(now)} per 1k tokens ({CostText.Change(change)})"));
            }

            var largest = compared.Count == 0 ? (double?)null : compared.MaxBy(Math.Abs);
            var state = largest is null ? FindingState.InsufficientData
                : Math.Abs(largest.Value) >= options.RelativeChange ? FindingState.Alert : FindingState.Ok;
            var verdict = state switch
            {
                FindingState.Alert => "price changed",
                FindingState.Ok => "price unchanged",
                _ => "not enough tokens to compare prices",
            };
            findings.Add(new Finding
            {
                Detector = Name,
                Subject = Finding.Labels(("provider", provider), ("model", model)),
                State = state,
                Statistic = "price_change",
                Value = largest,
                Threshold = options.RelativeChange,
                Reference = baselineRange,
                Current = currentRange,
                Explanation = FormattableString.Invariant($"{provider} {model} {verdict}: {string.Join("; ", parts)}"),
                IncidentClass = CostText.IncidentClass,
            });
        }

        return findings;
    }

    private static bool In(DateTimeOffset t, TimeRange range) => t >= range.From && t < range.To;

    private static (long InTokens, double InCost, long OutTokens, double OutCost) Sum(IEnumerable<ModelPriceHour> rows)
    {
        var s = (InTokens: 0L, InCost: 0.0, OutTokens: 0L, OutCost: 0.0);
        foreach (var r in rows)
        {
            s = (s.InTokens + r.InputTokens, s.InCost + r.InputCostUsd, s.OutTokens + r.OutputTokens, s.OutCost + r.OutputCostUsd);
        }

        return s;
    }
}
