using System.Globalization;

namespace Vigil.Core.Text;

/// <summary>Durations as people write them in config and on the command line: "500ms", "30s", "5m", "1h", "7d", "2w".</summary>
public static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unitStart = 0;
        while (unitStart < text.Length && (char.IsAsciiDigit(text[unitStart]) || text[unitStart] == '.'))
        {
            unitStart++;
        }

        if (unitStart == 0 || !double.TryParse(text.AsSpan(0, unitStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        }

        double? seconds = text[unitStart..] switch
        {
            "ms" => amount / 1000,
            "s" => amount,
            "m" => amount * 60,
            "h" => amount * 3600,
            "d" => amount * 86_400,
            "w" => amount * 7 * 86_400,
            _ => null,
        };
        if (seconds is null || seconds > TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds.Value);
        return true;
    }

    /// <summary>The shortest exact form: "90s" → "90s", "3600s" → "1h".</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        if (seconds == 0)
        {
            return "0s";
        }

        foreach (var (unit, size) in new[] { ("w", 604_800.0), ("d", 86_400.0), ("h", 3600.0), ("m", 60.0), ("s", 1.0) })
        {
            if (seconds >= size && seconds % size == 0)
            {
                return (seconds / size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
