using Vigil.Core.Detection;
using Vigil.Core.Queries;
using Vigil.Detectors;
using Vigil.Detectors.Compliance;

namespace Vigil.Server.Detectors.Checks;

/// <summary>
/// Compliance drift: each watched feature's segments (<c>vigil.segment</c>) against the whole, per period ending now
/// (the last period is the one judged, the earlier ones make the trend): mean quality, refusal share and p95 latency.
/// </summary>
internal sealed class ComplianceCheck(ComplianceDetectorSettings settings, TimeSpan interval) : IDetectorCheck
{
    private readonly SegmentDisparityDetector _detector = new(settings.Options);

    public string Name => SegmentDisparityDetector.Detector;

    public TimeSpan Interval => interval;

    public async Task<IReadOnlyList<Finding>> RunAsync(DetectorContext context, CancellationToken cancellationToken)
    {
        var range = new TimeRange(context.Now - (settings.Period * settings.Options.TrendPeriods), context.Now);
        var features = settings.Features.Count > 0 ? settings.Features : await Features.ActiveAsync(context, context.Windows(settings.Period, TimeSpan.Zero).Current, cancellationToken);
        var findings = new List<Finding>();
        foreach (var feature in features)
        {
            var stats = await context.Source.ReadSegmentStatsAsync(new SegmentStatsQuery
            {
                ProjectId = context.ProjectId,
                Feature = feature,
                Range = range,
                Period = settings.Period,
                QualityScores = settings.QualityScores,
                RefusalScore = settings.RefusalScore,
            }, cancellationToken);
            if (!stats.Any(s => s.Segment is not null))
            {
                continue;
            }

            var label = ("feature", (string?)feature);
            foreach (var metric in Metrics())
            {
                var periods = Periods(stats, metric);
                findings.AddRange(_detector.Evaluate(metric, periods).Select(f => f with
                {
                    Subject = Finding.Labels([.. f.Subject.Select(l => (l.Key, (string?)l.Value)), label]),
                }));
            }
        }

        return findings;
    }

    private IEnumerable<DisparityMetric> Metrics()
    {
        if (settings.QualityScores.Count > 0)
        {
            yield return DisparityMetric.MeanQuality;
        }

        if (settings.RefusalScore is not null)
        {
            yield return DisparityMetric.RefusalShare;
        }

        yield return DisparityMetric.LatencyP95;
    }

    /// <summary>One <see cref="DisparityPeriod"/> per period with a whole, its segments with the metric's value and count.</summary>
    internal IReadOnlyList<DisparityPeriod> Periods(IReadOnlyList<SegmentStats> stats, DisparityMetric metric)
    {
        var periods = new List<DisparityPeriod>();
        foreach (var period in stats.GroupBy(s => s.PeriodStart).OrderBy(g => g.Key))
        {
            var whole = period.FirstOrDefault(s => s.Segment is null);
            if (whole is null || Value(whole, metric) is not { } wholeValue)
            {
                continue;
            }

            var segments = period.Where(s => s.Segment is not null)
                .Select(s => (Stats: s, Value: Value(s, metric)))
                .Where(s => s.Value is not null)
                .Select(s => new SegmentValue(s.Stats.Segment!, Count(s.Stats, metric), s.Value!.Value))
                .ToList();
            periods.Add(new DisparityPeriod(new TimeRange(period.Key, period.Key + settings.Period), Count(whole, metric), wholeValue, segments));
        }

        return periods;
    }

    private static double? Value(SegmentStats s, DisparityMetric metric) => metric switch
    {
        DisparityMetric.MeanQuality => s.QualityCount > 0 ? s.QualitySum / s.QualityCount : null,
        DisparityMetric.RefusalShare => s.RefusalScored > 0 ? (double)s.Refusals / s.RefusalScored : null,
        _ => s.LatencyP95Ms,
    };

    private static long Count(SegmentStats s, DisparityMetric metric) => metric switch
    {
        DisparityMetric.MeanQuality => s.QualityCount,
        DisparityMetric.RefusalShare => s.RefusalScored,
        _ => s.Count,
    };
}
