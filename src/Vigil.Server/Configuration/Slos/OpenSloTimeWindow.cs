using Vigil.Core.Slos;
using Vigil.Core.Text;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration.Slos;

/// <summary>
/// OpenSLO duration shorthands (<c>30s</c>, <c>5m</c>, <c>1h</c>, <c>28d</c>, <c>4w</c>, and <c>1M</c>, a
/// calendar month) and <c>spec.timeWindow</c>. Quarters and years are not supported.
/// </summary>
internal static class OpenSloTimeWindow
{
    /// <summary>A duration shorthand; <paramref name="monthAllowed"/>: <c>1M</c> is read as a calendar month (<see cref="TimeSpan.Zero"/> with month true).</summary>
    public static (TimeSpan Duration, bool Month)? Duration(YamlMapReader keys, string key, bool monthAllowed = false)
    {
        if (keys.Text(key) is not { } text)
        {
            return null;
        }

        var at = keys.At(key);
        if (text.Length > 1 && text[^1] is 'M' or 'Q' or 'Y')
        {
            if (text == "1M" && monthAllowed)
            {
                return (TimeSpan.Zero, true);
            }

            keys.Errors.AddOnce(at, monthAllowed
                ? $"'{text}' is not supported: the only calendar unit is 1M (a calendar month)"
                : $"'{text}' is not supported here: use s, m, h, d or w (e.g. 1h)");
            return null;
        }

        if (Durations.TryParse(text, out var duration))
        {
            return (duration, false);
        }

        keys.Errors.AddOnce(at, $"'{text}' is not a duration (e.g. 5m, 1h, 28d, 4w{(monthAllowed ? ", 1M" : "")})");
        return null;
    }

    /// <summary><c>spec.timeWindow</c>: exactly one rolling or calendar-aligned window.</summary>
    public static SloTimeWindow? Read(YamlMapReader spec)
    {
        var items = spec.Items("timeWindow");
        var at = spec.At("timeWindow");
        if (items is null)
        {
            spec.Errors.AddOnce(at, "required: one window, e.g. [{ duration: 28d, isRolling: true }]");
            return null;
        }

        if (items.Count != 1 || items[0] is not YamlMappingNode mapping)
        {
            spec.Errors.AddOnce(at, "exactly one window is supported: - { duration: 28d, isRolling: true }");
            return null;
        }

        var window = new YamlMapReader(mapping, at + "[0]", spec.Errors);
        var duration = Duration(window, "duration", monthAllowed: true);
        var calendar = window.Map("calendar");
        var rolling = window.Bool("isRolling") ?? calendar is null;
        var zoneId = calendar?.Text("timeZone");
        var startTime = calendar?.Text("startTime");
        calendar?.RejectUnknown();
        window.RejectUnknown();
        if (window.Text("duration") is null)
        {
            window.Errors.AddOnce(window.At("duration"), "required (e.g. 28d, 4w or 1M)");
        }

        if (rolling && calendar is not null)
        {
            window.Errors.AddOnce(calendar.Path, "a rolling window has no calendar: drop it or set isRolling: false");
        }

        if (duration is not { } d)
        {
            return null;
        }

        if (rolling)
        {
            return Rolling(d, window);
        }

        var zone = zoneId is null ? TimeZoneInfo.Utc : SloValues.TimeZone(zoneId);
        if (zone is null)
        {
            window.Errors.AddOnce(calendar!.At("timeZone"), $"'{zoneId}' is not a known time zone (an IANA id such as America/New_York)");
            return null;
        }

        var start = startTime is null ? SloValues.InZone(SloValues.DefaultStart, zone) : SloValues.Start(startTime, zone);
        if (start is null)
        {
            window.Errors.AddOnce(calendar!.At("startTime"), $"'{startTime}' is not a date and time (e.g. 2022-01-01 00:00:00)");
            return null;
        }

        if (d.Month)
        {
            var local = TimeZoneInfo.ConvertTime(start.Value, zone);
            if (local.Day != 1 || local.TimeOfDay != TimeSpan.Zero)
            {
                window.Errors.AddOnce(calendar!.At("startTime"), $"'{startTime}' is not the start of a month: calendar months start on the 1st at 00:00");
                return null;
            }

            return SloTimeWindow.CalendarMonth(zone);
        }

        return AtLeastAMinute(d.Duration, window) ? SloTimeWindow.Calendar(d.Duration, start.Value) : null;
    }

    private static SloTimeWindow? Rolling((TimeSpan Duration, bool Month) d, YamlMapReader window)
    {
        if (d.Month)
        {
            window.Errors.AddOnce(window.At("duration"), "1M is a calendar month: set isRolling: false, or give a rolling length such as 30d or 4w");
            return null;
        }

        return AtLeastAMinute(d.Duration, window) ? SloTimeWindow.Rolling(d.Duration) : null;
    }

    private static bool AtLeastAMinute(TimeSpan duration, YamlMapReader window)
    {
        if (duration >= TimeSpan.FromMinutes(1))
        {
            return true;
        }

        window.Errors.AddOnce(window.At("duration"), "must be at least 1m");
        return false;
    }
}
