using Vigil.Core.Queries;

namespace Vigil.Detectors.Cost;

/// <summary>
/// Cost anomalies of one subject (feature, team or model) in one hour: the seasonal robust baseline of its
/// hourly cost (<see cref="SeasonalBaseline"/>) and, on an alert, the size explained by
/// <see cref="CostDecomposition"/> of the hour against the baseline's sample hours. Detector <c>cost_anomaly</c>.
/// </summary>
public static class CostAnomalyDetector
{
    public const string Name = "cost_anomaly";

    /// <summary>
    /// Evaluates <paramref name="hour"/> of <paramref name="hours"/> (the subject's hourly rows, the evaluated hour
    /// and its history). <paramref name="breakdown"/> (optional) names what carries an alert.
    /// </summary>
    public static Finding Evaluate(
        IReadOnlyDictionary<string, string> subject, IReadOnlyList<CostHour> hours, DateTimeOffset hour,
        IReadOnlyCollection<CostBreakdownRow>? breakdown = null, SeasonalBaselineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hours);
        options ??= new SeasonalBaselineOptions();
        hour = CostText.Hour(hour);
        var current = new TimeRange(hour, hour.AddHours(1));
        var series = new Dictionary<DateTimeOffset, double>();
        foreach (var h in hours)
        {
            var key = CostText.Hour(h.HourStart);
            series[key] = series.GetValueOrDefault(key) + h.CostUsd;
        }

        var name = CostText.Name(subject);
        var result = SeasonalBaseline.Compute(series, hour, options, out var insufficient);
        if (result is null)
        {
            return new Finding
            {
                Detector = Name,
                Subject = subject,
                State = FindingState.InsufficientData,
                Statistic = "robust_z",
                Threshold = options.ZThreshold,
                Current = current,
                Explanation = name + " cost: " + insufficient,
                IncidentClass = CostText.IncidentClass,
            };
        }

        var baselineText = result.Kind == SeasonalKind.HourOfWeek
            ? FormattableString.Invariant($"median of the same hour of the week over {result.Samples.Count} weeks")
            : FormattableString.Invariant($"median of the same hour of the day over {result.Samples.Count} days; fewer than {options.MinimumWeeks} weeks of history");
        var size = result.Median > 0 ? " (" + CostText.Change(result.Value / result.Median - 1) + ")" : "";
        var explanation = FormattableString.Invariant(
            $"{name} cost {CostText.Usd(result.Value)}/h at {hour:ddd HH:00} UTC against {CostText.Usd(result.Median)}/h ({baselineText}): {CostText.SignedUsd(result.Change)}/h{size}, robust z {CostText.Number(result.Z, "0.0")}");
        explanation += result.Alert
            ? FormattableString.Invariant($" ≥ {CostText.Number(options.ZThreshold)}")
            : Math.Abs(result.Z) >= options.ZThreshold
                ? FormattableString.Invariant($", but the change is under {CostText.Usd(options.MinimumChange)}/h")
                : FormattableString.Invariant($" < {CostText.Number(options.ZThreshold)}");

        var reference = new TimeRange(result.SampleHours.Min(), result.SampleHours.Max().AddHours(1));
        if (result.Alert)
        {
            var sampleSet = result.SampleHours.ToHashSet();
            var baselineRows = hours.Where(h => sampleSet.Contains(CostText.Hour(h.HourStart))).ToList();
            var rows = breakdown?.Where(r => sampleSet.Contains(CostText.Hour(r.HourStart)) || CostText.Hour(r.HourStart) == hour).ToList();
            var hoursOfBaseline = new TimeRange(reference.From, reference.From.AddHours(result.SampleHours.Count));

            // The decomposition compares the hour with the baseline's sample hours (not contiguous), so it is given
            // them re-based onto consecutive hours: only per-hour rates matter.
            var order = result.SampleHours.Order().Select((h, i) => (h, i)).ToDictionary(x => x.h, x => reference.From.AddHours(x.i));
            var decomposition = CostDecomposition.Decompose(
                name,
                baselineRows.Select(r => r with { HourStart = order[CostText.Hour(r.HourStart)] }).ToList(), hoursOfBaseline,
                hours.Where(h => CostText.Hour(h.HourStart) == hour).ToList(), current,
                rows?.Select(r => sampleSet.Contains(CostText.Hour(r.HourStart)) ? r with { HourStart = order[CostText.Hour(r.HourStart)] } : r).ToList(),
                out _);
            if (decomposition is not null)
            {
                explanation += ". " + decomposition.Explanation;
            }
        }

        return new Finding
        {
            Detector = Name,
            Subject = subject,
            State = result.Alert ? FindingState.Alert : FindingState.Ok,
            Statistic = "robust_z",
            Value = result.Z,
            Threshold = options.ZThreshold,
            Reference = reference,
            Current = current,
            Explanation = explanation,
            IncidentClass = CostText.IncidentClass,
        };
    }
}
