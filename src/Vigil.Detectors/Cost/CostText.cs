using System.Globalization;

namespace Vigil.Detectors.Cost;

/// <summary>Numbers as the explanations write them (invariant culture).</summary>
internal static class CostText
{
    public const string IncidentClass = "cost_spike";

    public static string Usd(double value) =>
        Math.Abs(value) >= 100
            ? value.ToString("$#,0", CultureInfo.InvariantCulture)
            : value.ToString(Math.Abs(value) >= 0.01 || value == 0 ? "$0.00" : "$0.0000##", CultureInfo.InvariantCulture);

    public static string SignedUsd(double value) => (value < 0 ? "-" : "+") + Usd(Math.Abs(value));

    /// <summary>A relative change, e.g. <c>+182 %</c>.</summary>
    public static string Change(double relative) =>
        (relative >= 0 ? "+" : "") + (relative * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    public static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The subject's values joined, e.g. <c>support-chat</c> or <c>support-chat/team-a</c>.</summary>
    public static string Name(IReadOnlyDictionary<string, string> subject) =>
        subject.Count == 0 ? "all" : string.Join("/", subject.Values);

    public static DateTimeOffset Hour(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}

/// <summary>Medians, MADs and quantiles on small samples.</summary>
internal static class Robust
{
    public static double Median(IEnumerable<double> values) => Quantile(values.Order().ToArray(), 0.5);

    /// <summary>Median absolute deviation from the median (unscaled).</summary>
    public static double Mad(IReadOnlyCollection<double> values)
    {
        var median = Median(values);
        return Median(values.Select(v => Math.Abs(v - median)));
    }

    /// <summary>Linear interpolation between order statistics (NumPy's default, R type 7) on a sorted sample.</summary>
    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
