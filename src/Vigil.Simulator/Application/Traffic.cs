namespace Vigil.Simulator.Application;

/// <summary>
/// Request arrivals: a base rate with daily seasonality (a trough at 04:00 UTC, a peak at 16:00) and
/// weekly seasonality (weekends at 60 %), Poisson-distributed per minute.
/// </summary>
public static class Traffic
{
    public static double RateAt(double baseRatePerMinute, DateTimeOffset time)
    {
        var hour = time.UtcDateTime.TimeOfDay.TotalHours;
        var daily = 0.45 + (0.55 * (0.5 - (0.5 * Math.Cos(2 * Math.PI * (hour - 4) / 24))));
        var weekly = time.UtcDateTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.6 : 1.0;
        return baseRatePerMinute * daily * weekly / 0.7; // so that the weekday mean is close to the base rate
    }

    /// <summary>A Poisson draw with mean <paramref name="mean"/> (Knuth for small means, normal approximation above 60).</summary>
    public static int Poisson(Random random, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 60)
        {
            return Math.Max(0, (int)Math.Round(mean + (StandardNormal(random) * Math.Sqrt(mean))));
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        var p = 1.0;
        do
        {
            k++;
            p *= random.NextDouble();
        }
        while (p > limit);
        return k - 1;
    }

    /// <summary>A standard normal draw (Box–Muller; uses two uniform draws).</summary>
    public static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
