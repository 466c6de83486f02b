using Vigil.Core.Text;
using static System.FormattableString;

namespace Vigil.Server.Detectors.Configuration;

/// <summary>Range checks of settings, each problem written <c>path.key: message (got value)</c>.</summary>
internal sealed class Problems(string path, List<string> errors)
{
    public List<string> Errors => errors;

    /// <summary>The checks of a nested mapping (<c>vendor</c>, <c>statuspages[0]</c>), adding to the same list.</summary>
    public Problems In(string key) => new(key.StartsWith('[') ? path + key : $"{path}.{key}", errors);

    public void Add(string key, string message) => errors.Add($"{path}.{key}: {message}");

    public void AtLeast(string key, TimeSpan value, TimeSpan minimum)
    {
        if (value < minimum)
        {
            Add(key, value < TimeSpan.Zero ? $"must not be negative, got {value}" : $"must be at least {Durations.Format(minimum)}, got {Durations.Format(value)}");
        }
    }

    public void Positive(string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            Add(key, $"must be positive, got {(value < TimeSpan.Zero ? value.ToString() : "0s")}");
        }
    }

    /// <summary>A positive whole number of minutes (what per-minute rollups can be summed into).</summary>
    public void WholeMinutes(string key, TimeSpan value)
    {
        if (value < TimeSpan.FromMinutes(1) || value.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            Add(key, $"must be a whole number of minutes (e.g. 5m, 1h), got {(value <= TimeSpan.Zero ? value.ToString() : Durations.Format(value))}");
        }
    }

    public void AtLeast(string key, long value, long minimum)
    {
        if (value < minimum)
        {
            Add(key, Invariant($"must be at least {minimum}, got {value}"));
        }
    }

    /// <summary>A share or an absolute difference of shares: in [0, 1].</summary>
    public void Share(string key, double value)
    {
        if (!double.IsFinite(value) || value is < 0 or > 1)
        {
            Add(key, Invariant($"must be between 0 and 1, got {value}"));
        }
    }

    /// <summary>A significance level: in (0, 1).</summary>
    public void Probability(string key, double value)
    {
        if (!double.IsFinite(value) || value is <= 0 or >= 1)
        {
            Add(key, Invariant($"must be above 0 and below 1 (e.g. 0.05), got {value}"));
        }
    }

    /// <summary>Current over baseline that alerts: above 1 (at 1 or below, no change would alert on its own).</summary>
    public void Ratio(string key, double value)
    {
        if (!double.IsFinite(value) || value <= 1)
        {
            Add(key, Invariant($"must be greater than 1 (current / baseline, e.g. 1.5), got {value}"));
        }
    }

    public void Positive(string key, double value)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            Add(key, Invariant($"must be greater than 0, got {value}"));
        }
    }

    public void NonNegative(string key, double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            Add(key, Invariant($"must be 0 or more, got {value}"));
        }
    }

    /// <summary>Names with neither blanks nor duplicates.</summary>
    public void Names(string key, IReadOnlyList<string> names)
    {
        if (names.Any(string.IsNullOrWhiteSpace))
        {
            Add(key, "a name is empty");
        }

        foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n)).GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            Add(key, $"'{name}' is listed twice");
        }
    }
}
