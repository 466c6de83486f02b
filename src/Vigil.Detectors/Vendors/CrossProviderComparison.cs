using Vigil.Core.Queries;

namespace Vigil.Detectors.Vendors;

/// <summary>
/// The same model served by several providers, in one window: for each signal the best provider (lowest error ratio,
/// lowest p95 latency, lowest p95 TTFT, highest mean quality) is the reference and every other provider is compared with
/// it by the thresholds of <see cref="VendorDegradationOptions"/>. A finding in <see cref="FindingState.Alert"/> names the
/// provider that is worse now (<c>provider</c>) and the one it is worse than (<c>compared_with</c>). Providers below the
/// minimum calls take no part; a model with fewer than two eligible providers gives no findings.
/// </summary>
public sealed class CrossProviderComparison(VendorDegradationOptions? options = null)
{
    private readonly VendorDegradationOptions _options = options ?? new VendorDegradationOptions();

    public IReadOnlyList<Finding> Compare(IEnumerable<VendorWindow> current, TimeRange currentRange)
    {
        ArgumentNullException.ThrowIfNull(current);
        var findings = new List<Finding>();
        foreach (var model in current.Where(w => w.Calls >= _options.MinimumCalls)
                     .GroupBy(w => w.Model, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var providers = model.OrderBy(w => w.Provider, StringComparer.Ordinal).ToList();
            if (providers.Count < 2)
            {
                continue;
            }

            // One signal at a time: a reference window that carries only that signal, so Compare yields only it.
            var bestErrors = providers.MinBy(w => w.ErrorRatio)!;
            Add(findings, providers, bestErrors, _ => true, w => w with { LatencyP95Ms = null, LatencySampleMs = null, TtftP95Ms = null, MeanQuality = null }, currentRange);
            if (providers.Where(w => w.P95Latency is not null).MinBy(w => w.P95Latency) is { } bestLatency)
            {
                Add(findings, providers, bestLatency, w => w.P95Latency is not null, LatencyOnly, currentRange);
            }

            if (providers.Where(w => w.TtftP95Ms is not null).MinBy(w => w.TtftP95Ms) is { } bestTtft)
            {
                Add(findings, providers, bestTtft, w => w.TtftP95Ms is not null, w => w with { LatencyP95Ms = null, LatencySampleMs = null, MeanQuality = null }, currentRange);
            }

            if (providers.Where(w => w.MeanQuality is not null).MaxBy(w => w.MeanQuality) is { } bestQuality)
            {
                Add(findings, providers, bestQuality, w => w.MeanQuality is not null, w => w with { LatencyP95Ms = null, LatencySampleMs = null, TtftP95Ms = null }, currentRange);
            }
        }

        return findings;
    }

    private static VendorWindow LatencyOnly(VendorWindow w) => w with { LatencyP95Ms = w.P95Latency, LatencySampleMs = null, TtftP95Ms = null, MeanQuality = null };

    private void Add(
        List<Finding> findings, List<VendorWindow> providers, VendorWindow best, Func<VendorWindow, bool> carries,
        Func<VendorWindow, VendorWindow> only, TimeRange currentRange)
    {
        var reference = only(best);
        foreach (var other in providers.Where(w => !ReferenceEquals(w, best) && carries(w)))
        {
            var subject = Finding.Labels(("model", other.Model), ("provider", other.Provider), ("compared_with", best.Provider));
            var signal = VendorSignals.Compare(reference, only(other), $"{best.Provider} now", subject, null, currentRange, _options);
            // The error comparison always runs; keep only the signal this reference carries.
            findings.AddRange(reference.MeanQuality is null && reference.P95Latency is null && reference.TtftP95Ms is null
                ? signal
                : signal.Where(f => f.Statistic != "error_ratio_rise"));
        }
    }
}
