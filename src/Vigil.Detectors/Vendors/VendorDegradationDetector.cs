using Vigil.Core.Queries;
using static System.FormattableString;

namespace Vigil.Detectors.Vendors;

/// <summary>
/// <c>vendor_degradation</c>: each (provider, model) of the current window against its own baseline — error ratio
/// (two-proportion z-test and a minimum absolute rise), p95 latency and p95 time to first token (ratio), mean quality
/// (absolute drop). One finding per signal that both windows carry; one <see cref="FindingState.InsufficientData"/>
/// finding when either window has too few calls or the pair has no baseline. Pure: the windows come in, findings go out.
/// </summary>
public sealed class VendorDegradationDetector(VendorDegradationOptions? options = null)
{
    private readonly VendorDegradationOptions _options = options ?? new VendorDegradationOptions();

    public IReadOnlyList<Finding> Evaluate(
        IEnumerable<VendorWindow> baseline, IEnumerable<VendorWindow> current, TimeRange referenceRange, TimeRange currentRange)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        var byKey = baseline.ToDictionary(w => (w.Provider, w.Model));
        var findings = new List<Finding>();
        foreach (var window in current.OrderBy(w => w.Provider, StringComparer.Ordinal).ThenBy(w => w.Model, StringComparer.Ordinal))
        {
            var subject = Finding.Labels(("provider", window.Provider), ("model", window.Model));
            if (!byKey.TryGetValue((window.Provider, window.Model), out var reference))
            {
                findings.Add(new Finding
                {
                    Detector = VendorSignals.Detector,
                    Subject = subject,
                    State = FindingState.InsufficientData,
                    Statistic = "calls",
                    Value = 0,
                    Threshold = _options.MinimumCalls,
                    Reference = referenceRange,
                    Current = currentRange,
                    Explanation = Invariant($"{window.Provider}/{window.Model}: {window.Calls} calls now and none in the baseline; nothing to compare with"),
                    IncidentClass = "vendor_degradation",
                });
                continue;
            }

            findings.AddRange(VendorSignals.Compare(reference, window, "the baseline", subject, referenceRange, currentRange, _options));
        }

        return findings;
    }
}
