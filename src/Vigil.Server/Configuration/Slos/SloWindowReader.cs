using Vigil.Core.Slos;
using Vigil.Core.Text;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration.Slos;

/// <summary>
/// vigil.yaml's <c>window</c>: a duration (rolling), <c>calendar-month</c>, or a mapping
/// <c>{ duration, calendar, start, timeZone }</c>. Absent: rolling 30 days.
/// </summary>
internal static class SloWindowReader
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromDays(30);

    public static SloTimeWindow? Read(YamlMapReader slo)
    {
        var at = slo.At("window");
        switch (slo.Node("window"))
        {
            case null:
                return SloTimeWindow.Rolling(DefaultDuration);
            case YamlScalarNode { Value: { } text } when IsMonth(text):
                return SloTimeWindow.CalendarMonth();
            case YamlScalarNode { Value: { } text }:
                return Length(text, at, slo.Errors) is { } rolling ? SloTimeWindow.Rolling(rolling) : null;
            case YamlMappingNode mapping:
                return FromMap(new YamlMapReader(mapping, at, slo.Errors));
            default:
                slo.Errors.AddOnce(at, "expected a duration (30d), calendar-month, or { duration, calendar, start, timeZone }");
                return null;
        }
    }

    /// <summary>A calendar month: calendar-month, month or OpenSLO's 1M.</summary>
    public static bool IsMonth(string text) =>
        text == "1M" || text.Replace('_', '-').ToLowerInvariant() is "calendar-month" or "calendarmonth" or "month";

    /// <summary>A window length: a duration of at least a minute.</summary>
    public static TimeSpan? Length(string text, string at, ErrorList errors)
    {
        if (!Durations.TryParse(text, out var duration))
        {
            errors.AddOnce(at, $"'{text}' is not a duration (e.g. 30d, 4w) or calendar-month");
            return null;
        }

        if (duration < TimeSpan.FromMinutes(1))
        {
            errors.AddOnce(at, $"'{text}' is shorter than a minute");
            return null;
        }

        return duration;
    }

    private static SloTimeWindow? FromMap(YamlMapReader window)
    {
        var text = window.Text("duration");
        var month = text is not null && IsMonth(text);
        var calendar = window.Bool("calendar") ?? month;
        var zoneId = window.Text("timeZone");
        var start = window.Text("start");
        window.RejectUnknown();

        var zone = zoneId is null ? TimeZoneInfo.Utc : SloValues.TimeZone(zoneId);
        if (zone is null)
        {
            window.Errors.AddOnce(window.At("timeZone"), $"'{zoneId}' is not a known time zone (an IANA id such as Europe/Paris)");
        }

        if (!calendar)
        {
            if (month)
            {
                window.Errors.AddOnce(window.At("calendar"), "a calendar month is not rolling: drop calendar: false, or give a duration such as 30d");
            }

            if (zoneId is not null)
            {
                window.Errors.AddOnce(window.At("timeZone"), "only calendar windows have a time zone (add calendar: true)");
            }

            if (start is not null)
            {
                window.Errors.AddOnce(window.At("start"), "only calendar windows have a start (add calendar: true)");
            }
        }

        if (text is null)
        {
            window.Errors.AddOnce(window.At("duration"), "required (e.g. 30d, 1w or calendar-month)");
            return null;
        }

        if (month)
        {
            if (start is not null)
            {
                window.Errors.AddOnce(window.At("start"), "a calendar month starts on the 1st; start is for calendar windows of a fixed length");
            }

            return calendar && zone is not null ? SloTimeWindow.CalendarMonth(zone) : null;
        }

        var length = Length(text, window.At("duration"), window.Errors);
        if (length is null || zone is null)
        {
            return null;
        }

        if (!calendar)
        {
            return SloTimeWindow.Rolling(length.Value);
        }

        var anchor = start is null ? SloValues.InZone(SloValues.DefaultStart, zone) : SloValues.Start(start, zone);
        if (anchor is null)
        {
            window.Errors.AddOnce(window.At("start"), $"'{start}' is not a date and time (e.g. 2026-01-05T00:00:00Z)");
            return null;
        }

        return SloTimeWindow.Calendar(length.Value, anchor.Value);
    }
}
