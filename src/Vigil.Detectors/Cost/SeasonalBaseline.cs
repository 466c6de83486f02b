namespace Vigil.Detectors.Cost;

/// <summary>Which same-hour samples a baseline was built from.</summary>
public enum SeasonalKind
{
    /// <summary>The same hour of the week in each of the last weeks (at least 3 of them).</summary>
    HourOfWeek,

    /// <summary>Fallback with fewer than 3 weeks: the same hour of the day in each of the last 7–14 days.</summary>
    HourOfDay,
}

/// <summary>Defaults of the seasonal robust baseline; every one overridable.</summary>
public sealed record SeasonalBaselineOptions
{
    /// <summary>Weeks looked back for the same hour of the week.</summary>
    public int Weeks { get; init; } = 4;

    /// <summary>The fewest weekly samples that make an hour-of-week baseline (Datadog's 3 weeks).</summary>
    public int MinimumWeeks { get; init; } = 3;

    /// <summary>The fewest daily samples of the hour-of-day fallback; below it the answer is insufficient data.</summary>
    public int MinimumDays { get; init; } = 7;

    /// <summary>The most daily samples of the hour-of-day fallback.</summary>
    public int MaximumDays { get; init; } = 14;

    /// <summary>MAD × 1.4826 estimates the standard deviation of normal data.</summary>
    public double MadScale { get; init; } = 1.4826;

    /// <summary>The spread never goes below this (per hour, in the series' unit: USD for cost).</summary>
    public double MinimumSpread { get; init; } = 0.10;

    /// <summary>…nor below this share of the median: a flat history does not make every cent an anomaly.</summary>
    public double RelativeSpreadFloor { get; init; } = 0.05;

    /// <summary>Alert when |robust z| is at least this…</summary>
    public double ZThreshold { get; init; } = 4;

    /// <summary>…and the value differs from the median by at least this much (USD per hour for cost).</summary>
    public double MinimumChange { get; init; } = 1.0;
}

/// <summary>The baseline of one hour: its samples, median, MAD, the spread used, and the robust z of the value.</summary>
public sealed record SeasonalBaselineResult(
    SeasonalKind Kind, DateTimeOffset Hour, double Value, IReadOnlyList<DateTimeOffset> SampleHours,
    IReadOnlyList<double> Samples, double Median, double Mad, double Spread, double Z, bool Alert)
{
    public double Change => Value - Median;
}

/// <summary>
/// A seasonal robust baseline for any hourly series (cost, tokens, calls): the median and MAD of the same hour
/// of the week over the last weeks (fewer than <see cref="SeasonalBaselineOptions.MinimumWeeks"/> weeks: the same
/// hour of the day over the last 7–14 days), and robust z = (x − median) / max(MAD·1.4826, floor).
/// Pure: the evaluated hour is passed in.
/// </summary>
public static class SeasonalBaseline
{
    /// <summary>
    /// The baseline of <paramref name="hour"/> from <paramref name="history"/> (hour start → value; hours are
    /// floored to the UTC hour). History starts at its earliest hour before <paramref name="hour"/>; an hour after
    /// that start without a value counts as 0 (no traffic). Null, with <paramref name="insufficient"/> saying what
    /// is missing, when even the hour-of-day fallback has too few days.
    /// </summary>
    public static SeasonalBaselineResult? Compute(
        IReadOnlyDictionary<DateTimeOffset, double> history, DateTimeOffset hour,
        SeasonalBaselineOptions options, out string? insufficient)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinimumWeeks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Weeks, options.MinimumWeeks);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinimumDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumDays, options.MinimumDays);
        hour = CostText.Hour(hour);
        var values = new Dictionary<DateTimeOffset, double>();
        foreach (var (h, v) in history)
        {
            var key = CostText.Hour(h);
            values[key] = values.GetValueOrDefault(key) + v;
        }

        var before = values.Keys.Where(h => h < hour).ToList();
        var hoursOfHistory = before.Count == 0 ? 0 : (int)(hour - before.Min()).TotalHours;
        var earliest = hour - TimeSpan.FromHours(hoursOfHistory);

        var weekly = Enumerable.Range(1, options.Weeks).Select(k => hour - TimeSpan.FromDays(7 * k)).Where(h => h >= earliest).ToList();
        SeasonalKind kind;
        List<DateTimeOffset> sampleHours;
        if (weekly.Count >= options.MinimumWeeks)
        {
            (kind, sampleHours) = (SeasonalKind.HourOfWeek, weekly);
        }
        else
        {
            var days = Math.Min(hoursOfHistory / 24, options.MaximumDays);
            if (days < options.MinimumDays)
            {
                insufficient = FormattableString.Invariant(
                    $"not enough history: {hoursOfHistory} h ({hoursOfHistory / 24} days); the same-hour-of-day baseline needs {options.MinimumDays} days and the hour-of-week baseline {options.MinimumWeeks} weeks");
                return null;
            }

            (kind, sampleHours) = (SeasonalKind.HourOfDay, Enumerable.Range(1, days).Select(d => hour - TimeSpan.FromDays(d)).ToList());
        }

        insufficient = null;
        var samples = sampleHours.Select(h => values.GetValueOrDefault(h)).ToList();
        var value = values.GetValueOrDefault(hour);
        var median = Robust.Median(samples);
        var mad = Robust.Mad(samples);
        var spread = Math.Max(mad * options.MadScale, Math.Max(options.MinimumSpread, options.RelativeSpreadFloor * Math.Abs(median)));
        var z = (value - median) / spread;
        var alert = Math.Abs(z) >= options.ZThreshold && Math.Abs(value - median) >= options.MinimumChange;
        return new SeasonalBaselineResult(kind, hour, value, sampleHours, samples, median, mad, spread, z, alert);
    }
}
