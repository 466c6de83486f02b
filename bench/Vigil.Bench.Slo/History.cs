using Vigil.Core.Slos;

namespace Vigil.Bench.Slo;

/// <summary>
/// Per-minute SLI history of the catalogue's SLOs, loaded with <see cref="SloRuntime.AddMinute"/>: the
/// event rate each SLO would see from the live traffic's mix (its feature's share, the spans or
/// evaluations it counts), a daily cycle (±50 %), quieter weekends, ±15 % noise per minute, a base
/// error ratio per kind and, about every four days per SLO, an incident of 5–90 minutes with 5–40×
/// the errors. Deterministic for a seed and an SLO index, so two runtimes get the same history.
/// </summary>
internal static class History
{
    /// <summary>Loads <paramref name="days"/> of minutes ending before <paramref name="endMinute"/>; returns the events added.</summary>
    public static long Preload(SloRuntime runtime, int index, long endMinute, int days, SloOptions options)
    {
        var random = new Random(unchecked((options.Seed * 7_919) + index));
        var feature = SloCatalog.FeatureOf(index);
        var (perMinute, errorRatio) = Rate(index % SloCatalog.PerFeature, feature, options);
        long events = 0;
        var incidentEnd = long.MinValue;
        var incidentFactor = 1.0;
        for (var minute = endMinute - (days * 1440L); minute < endMinute; minute++)
        {
            if (minute >= incidentEnd && random.NextDouble() < 1.0 / (4 * 1440))
            {
                incidentEnd = minute + random.Next(5, 91);
                incidentFactor = 5 + (35 * random.NextDouble());
            }

            var dayMinute = minute % 1440;
            var weekday = ((minute / 1440) + 3) % 7;
            var cycle = (1 + (0.5 * Math.Sin(2 * Math.PI * dayMinute / 1440))) * (weekday >= 5 ? 0.7 : 1.0);
            var expected = perMinute * cycle * (0.85 + (0.3 * random.NextDouble()));
            var total = Round(expected, random);
            if (total == 0)
            {
                continue;
            }

            var ratio = minute < incidentEnd ? Math.Min(0.9, errorRatio * incidentFactor) : errorRatio;
            var bad = Math.Min(total, Round(total * ratio, random));
            runtime.AddMinute(minute, total - bad, total);
            events += total;
        }

        return events;
    }

    /// <summary>Events a minute at the mean of the daily cycle, and the share that are bad, of catalogue template <paramref name="template"/>.</summary>
    private static (double PerMinute, double ErrorRatio) Rate(int template, Feature feature, SloOptions options)
    {
        var traces = options.SpansPerSecond * 60 * feature.Weight / Traffic.MeanSpansPerTrace;
        var generations = traces * Traffic.MeanGenerationsPerTrace;
        var evaluations = options.EvaluationsPerTick * (60.0 / options.IntervalSeconds) * feature.Weight;
        return template switch
        {
            0 => (traces, 0.002),
            1 => (traces, 0.004),
            2 => (generations, 0.005),
            3 => (traces, 0.004),
            4 => (traces, 0.003),
            5 => (evaluations / 3, 0.06),
            6 => (evaluations * 2 / 3, 0.01),
            7 => (generations, 0.75),
            8 => (generations * 0.85, 0.01),
            _ => (generations * 0.85, 0.002),
        };
    }

    /// <summary>A non-negative count with the expected value <paramref name="value"/> (random rounding).</summary>
    private static long Round(double value, Random random)
    {
        var floor = Math.Floor(value);
        return (long)floor + (random.NextDouble() < value - floor ? 1 : 0);
    }
}
