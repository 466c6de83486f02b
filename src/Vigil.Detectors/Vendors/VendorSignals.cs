using Vigil.Core.Queries;
using Vigil.Detectors.Statistics;
using static System.FormattableString;

namespace Vigil.Detectors.Vendors;

/// <summary>The four comparisons of one window against another (error ratio, p95 latency, p95 TTFT, quality), shared by the baseline and the cross-provider detectors.</summary>
internal static class VendorSignals
{
    public const string Detector = "vendor_degradation";

    public static IEnumerable<Finding> Compare(
        VendorWindow reference, VendorWindow current, string referenceName, IReadOnlyDictionary<string, string> subject,
        TimeRange? referenceRange, TimeRange currentRange, VendorDegradationOptions options)
    {
        var who = $"{current.Provider}/{current.Model}";
        if (reference.Calls < options.MinimumCalls || current.Calls < options.MinimumCalls)
        {
            yield return Make(subject, FindingState.InsufficientData, "calls", Math.Min(reference.Calls, current.Calls), options.MinimumCalls,
                referenceRange, currentRange, current,
                Invariant($"{who}: {current.Calls} calls now and {reference.Calls} in {referenceName}; at least {options.MinimumCalls} each are needed to compare"));
            yield break;
        }

        yield return ErrorRatio(reference, current, referenceName, who, subject, referenceRange, currentRange, options);

        if (reference.P95Latency is { } refP95 && current.P95Latency is { } curP95 && refP95 > 0)
        {
            yield return Ratio("p95_latency_ratio", "p95 latency", refP95, curP95, options.LatencyRatio, referenceName, who, subject, referenceRange, currentRange, current);
        }

        if (reference.TtftP95Ms is { } refTtft && current.TtftP95Ms is { } curTtft && refTtft > 0)
        {
            yield return Ratio("ttft_p95_ratio", "p95 time to first token", refTtft, curTtft, options.TtftRatio, referenceName, who, subject, referenceRange, currentRange, current);
        }

        if (reference.MeanQuality is { } refQ && current.MeanQuality is { } curQ)
        {
            if (reference.QualityCount < options.MinimumQualityCount || current.QualityCount < options.MinimumQualityCount)
            {
                yield return Make(subject, FindingState.InsufficientData, "quality_drop", null, options.QualityDrop, referenceRange, currentRange, current,
                    Invariant($"{who}: {current.QualityCount} scored calls now and {reference.QualityCount} in {referenceName}; at least {options.MinimumQualityCount} each are needed to compare quality"));
            }
            else
            {
                var drop = refQ - curQ;
                var alert = drop >= options.QualityDrop;
                yield return Make(subject, alert ? FindingState.Alert : FindingState.Ok, "quality_drop", drop, options.QualityDrop, referenceRange, currentRange, current,
                    Invariant($"{who}: mean quality {curQ:0.###} ({current.QualityCount} scored) against {refQ:0.###} ({reference.QualityCount}) in {referenceName}, a drop of {drop:0.###}; ") +
                    (alert ? Invariant($"at least {options.QualityDrop:0.###} alerts") : Invariant($"alerts from a drop of {options.QualityDrop:0.###}")));
            }
        }
    }

    private static Finding ErrorRatio(
        VendorWindow reference, VendorWindow current, string referenceName, string who, IReadOnlyDictionary<string, string> subject,
        TimeRange? referenceRange, TimeRange currentRange, VendorDegradationOptions options)
    {
        var test = ProportionZTest.TwoSample(current.Errors, current.Calls, reference.Errors, reference.Calls);
        var rise = current.ErrorRatio - reference.ErrorRatio;
        var alert = test.Statistic > 0 && test.PValue < options.ErrorSignificance && rise >= options.MinimumErrorRise;
        var verdict = alert
            ? "significant and above the minimum rise"
            : Invariant($"an alert needs p < {options.ErrorSignificance:0.####} and a rise of at least {options.MinimumErrorRise * 100:0.##} points");
        return Make(subject, alert ? FindingState.Alert : FindingState.Ok, "error_ratio_rise", rise, options.MinimumErrorRise, referenceRange, currentRange, current,
            Invariant($"{who}: error ratio {current.ErrorRatio * 100:0.##}% ({current.Errors} of {current.Calls} calls) against {reference.ErrorRatio * 100:0.##}% ({reference.Errors} of {reference.Calls}) in {referenceName}, {rise * 100:+0.##;-0.##;0} points, z = {test.Statistic:0.##}, p = {test.PValue:0.####E+0}; {verdict}"));
    }

    private static Finding Ratio(
        string statistic, string label, double reference, double current, double threshold, string referenceName, string who,
        IReadOnlyDictionary<string, string> subject, TimeRange? referenceRange, TimeRange currentRange, VendorWindow window)
    {
        var ratio = current / reference;
        var alert = ratio >= threshold;
        return Make(subject, alert ? FindingState.Alert : FindingState.Ok, statistic, ratio, threshold, referenceRange, currentRange, window,
            Invariant($"{who}: {label} {current:0.#} ms against {reference:0.#} ms in {referenceName}, {ratio:0.##}×; ") +
            (alert ? Invariant($"{threshold:0.##}× or more alerts") : Invariant($"alerts from {threshold:0.##}×")));
    }

    private static Finding Make(
        IReadOnlyDictionary<string, string> subject, FindingState state, string statistic, double? value, double? threshold,
        TimeRange? referenceRange, TimeRange currentRange, VendorWindow current, string explanation) => new()
        {
            Detector = Detector,
            Subject = subject,
            State = state,
            Statistic = statistic,
            Value = value,
            Threshold = threshold,
            Reference = referenceRange,
            Current = currentRange,
            Explanation = explanation,
            IncidentClass = "vendor_degradation",
            ExampleTraceIds = state == FindingState.Alert ? current.ExampleTraceIds : [],
        };
}
