using Vigil.Core.Queries;
using static System.FormattableString;

namespace Vigil.Detectors.Compliance;

/// <summary>
/// <c>compliance_drift</c>: each segment of the last period against the whole — mean quality by difference, refusal share
/// and p95 latency by ratio (statistics <c>quality_gap</c>, <c>refusal_ratio</c>, <c>latency_ratio</c>) — and the trend of
/// that same disparity over the last periods (statistic <c>*_trend</c>: Theil–Sen slope per period, Mann–Kendall p-value;
/// see <see cref="TrendTest"/>). Two findings per segment of the last period; periods are given oldest first.
/// </summary>
public sealed class SegmentDisparityDetector(SegmentDisparityOptions? options = null)
{
    public const string Detector = "compliance_drift";

    private readonly SegmentDisparityOptions _options = options ?? new SegmentDisparityOptions();

    public IReadOnlyList<Finding> Evaluate(DisparityMetric metric, IReadOnlyList<DisparityPeriod> periods, string dimension = "segment")
    {
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.Count == 0)
        {
            return [];
        }

        var last = periods[^1];
        var recent = periods.Skip(Math.Max(0, periods.Count - _options.TrendPeriods)).ToList();
        var findings = new List<Finding>();
        foreach (var segment in last.Segments.OrderBy(s => s.Segment, StringComparer.Ordinal))
        {
            var subject = Finding.Labels(("dimension", dimension), ("segment", segment.Segment), ("metric", MetricName(metric)));
            findings.Add(Level(metric, subject, last, segment));
            findings.Add(Trend(metric, subject, recent, segment));
        }

        return findings;
    }

    private Finding Level(DisparityMetric metric, IReadOnlyDictionary<string, string> subject, DisparityPeriod period, SegmentValue segment)
    {
        var label = Invariant($"{subject["dimension"]} {segment.Segment}");
        if (segment.Count < _options.MinimumSegmentCount)
        {
            return Make(subject, FindingState.InsufficientData, StatisticName(metric), null, Threshold(metric), null, period.Period,
                Invariant($"{label}: {segment.Count} calls in the period; at least {_options.MinimumSegmentCount} are needed to compare {MetricName(metric)} with the whole"));
        }

        var difference = segment.Value - period.Whole;
        var ratio = Ratio(segment.Value, period.Whole);
        var disparity = Disparity(metric, segment.Value, period.Whole);
        var alert = metric switch
        {
            DisparityMetric.MeanQuality => disparity >= _options.QualityGap,
            DisparityMetric.RefusalShare => ratio >= _options.RefusalRatio && difference >= _options.RefusalMinimumDifference,
            _ => ratio >= _options.LatencyRatio,
        };
        var rule = metric switch
        {
            DisparityMetric.MeanQuality => Invariant($"alert at {_options.QualityGap:0.###} or more below"),
            DisparityMetric.RefusalShare => Invariant($"alert at {_options.RefusalRatio:0.##}× and {_options.RefusalMinimumDifference * 100:0.##} points or more"),
            _ => Invariant($"alert at {_options.LatencyRatio:0.##}× or more"),
        };
        return Make(subject, alert ? FindingState.Alert : FindingState.Ok, StatisticName(metric), disparity, Threshold(metric), null, period.Period,
            Invariant($"{label}: {MetricName(metric)} {Show(metric, segment.Value)} over {segment.Count} calls against {Show(metric, period.Whole)} for all {period.Count}, difference {Show(metric, difference)}, ratio {ratio:0.##}×; {rule}"));
    }

    private Finding Trend(DisparityMetric metric, IReadOnlyDictionary<string, string> subject, List<DisparityPeriod> recent, SegmentValue current)
    {
        var label = Invariant($"{subject["dimension"]} {current.Segment}");
        var points = recent
            .Select(p => (p.Period, Segment: p.Segments.FirstOrDefault(s => s.Segment == current.Segment), p.Whole))
            .Where(p => p.Segment is not null && p.Segment.Count >= _options.MinimumSegmentCount)
            .Select(p => (p.Period, Disparity: Disparity(metric, p.Segment!.Value, p.Whole)))
            .ToList();
        var statistic = StatisticName(metric) + "_trend";
        if (points.Count < _options.MinimumTrendPeriods || points.Count < 3)
        {
            return Make(subject, FindingState.InsufficientData, statistic, null, _options.TrendSignificance, null, recent[^1].Period,
                Invariant($"{label}: {points.Count} of the last {recent.Count} periods have {_options.MinimumSegmentCount}+ calls; a trend needs {Math.Max(3, _options.MinimumTrendPeriods)}"));
        }

        var trend = TrendTest.MannKendall(points.Select(p => p.Disparity).ToList());
        var now = points[^1].Disparity;
        var adverseNow = metric == DisparityMetric.MeanQuality ? now > 0 : now > 1;
        var alert = trend.PValue < _options.TrendSignificance && trend.Slope > 0 && adverseNow;
        var unit = metric == DisparityMetric.MeanQuality ? "gap" : "ratio";
        return Make(subject, alert ? FindingState.Alert : FindingState.Ok, statistic, trend.PValue, _options.TrendSignificance,
            new TimeRange(points[0].Period.From, points[^1].Period.To), points[^1].Period,
            Invariant($"{label}: the {MetricName(metric)} {unit} went {string.Join(" → ", points.Select(p => p.Disparity.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))} over {points.Count} periods, Theil–Sen slope {trend.Slope:+0.####;-0.####;0} per period, Mann–Kendall S = {trend.S}, p = {trend.PValue:0.####}; ") +
            (alert ? "a significant worsening" : Invariant($"alert when p < {_options.TrendSignificance:0.##}, the slope worsens and the segment is worse than the whole")));
    }

    /// <summary>Oriented so that larger is worse: quality whole − segment; refusal and latency segment / whole.</summary>
    private static double Disparity(DisparityMetric metric, double segment, double whole) =>
        metric == DisparityMetric.MeanQuality ? whole - segment : Ratio(segment, whole);

    private static double Ratio(double segment, double whole) =>
        whole != 0 ? segment / whole : segment == 0 ? 1 : double.PositiveInfinity;

    private double Threshold(DisparityMetric metric) => metric switch
    {
        DisparityMetric.MeanQuality => _options.QualityGap,
        DisparityMetric.RefusalShare => _options.RefusalRatio,
        _ => _options.LatencyRatio,
    };

    private static string MetricName(DisparityMetric metric) => metric switch
    {
        DisparityMetric.MeanQuality => "mean_quality",
        DisparityMetric.RefusalShare => "refusal_share",
        _ => "latency_p95",
    };

    private static string StatisticName(DisparityMetric metric) => metric switch
    {
        DisparityMetric.MeanQuality => "quality_gap",
        DisparityMetric.RefusalShare => "refusal_ratio",
        _ => "latency_ratio",
    };

    private static string Show(DisparityMetric metric, double value) => metric switch
    {
        DisparityMetric.MeanQuality => Invariant($"{value:0.###}"),
        DisparityMetric.RefusalShare => Invariant($"{value * 100:0.##}%"),
        _ => Invariant($"{value:0.#} ms"),
    };

    private static Finding Make(
        IReadOnlyDictionary<string, string> subject, FindingState state, string statistic, double? value, double threshold,
        TimeRange? reference, TimeRange current, string explanation) => new()
        {
            Detector = Detector,
            Subject = subject,
            State = state,
            Statistic = statistic,
            Value = value,
            Threshold = threshold,
            Reference = reference,
            Current = current,
            Explanation = explanation,
            IncidentClass = "compliance_drift",
        };
}
