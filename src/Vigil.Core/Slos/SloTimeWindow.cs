namespace Vigil.Core.Slos;

/// <summary>
/// The period an SLO's budget covers: rolling (the last <see cref="Duration"/>) or calendar-aligned
/// (a calendar month, or fixed-length periods counted from <see cref="Anchor"/>), in a time zone.
/// </summary>
public sealed record SloTimeWindow
{
    private SloTimeWindow()
    {
    }

    /// <summary>The period's length; for a calendar month the length of the current month.</summary>
    public TimeSpan Duration { get; private init; }

    public bool IsRolling { get; private init; }
    public bool IsCalendarMonth { get; private init; }

    /// <summary>Where calendar periods of a fixed length start counting (a Monday for weeks).</summary>
    public DateTimeOffset Anchor { get; private init; }

    public TimeZoneInfo TimeZone { get; private init; } = TimeZoneInfo.Utc;

    /// <summary>The longest a period can be: what the SLI's history must cover.</summary>
    public TimeSpan MaxDuration => IsCalendarMonth ? TimeSpan.FromDays(31) : Duration;

    public static SloTimeWindow Rolling(TimeSpan duration) => new() { Duration = Positive(duration), IsRolling = true };

    public static SloTimeWindow CalendarMonth(TimeZoneInfo? timeZone = null) =>
        new() { Duration = TimeSpan.FromDays(30), IsCalendarMonth = true, TimeZone = timeZone ?? TimeZoneInfo.Utc };

    /// <summary>Back-to-back periods of <paramref name="duration"/>, the first starting at <paramref name="anchor"/>.</summary>
    public static SloTimeWindow Calendar(TimeSpan duration, DateTimeOffset anchor) => new() { Duration = Positive(duration), Anchor = anchor };

    /// <summary>The period <paramref name="now"/> falls in: for a rolling window, the one ending now.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Current(DateTimeOffset now)
    {
        if (IsRolling)
        {
            return (now - Duration, now);
        }

        if (IsCalendarMonth)
        {
            var local = TimeZoneInfo.ConvertTime(now, TimeZone);
            var first = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
            var next = first.AddMonths(1);
            return (new DateTimeOffset(first, TimeZone.GetUtcOffset(first)), new DateTimeOffset(next, TimeZone.GetUtcOffset(next)));
        }

        var periods = (long)Math.Floor((now - Anchor) / Duration);
        var start = Anchor + (Duration * periods);
        return (start, start + Duration);
    }

    /// <summary>The length of the period <paramref name="now"/> falls in.</summary>
    public TimeSpan PeriodAt(DateTimeOffset now)
    {
        var (start, end) = Current(now);
        return end - start;
    }

    public override string ToString() =>
        IsRolling ? $"rolling {Text.Durations.Format(Duration)}"
        : IsCalendarMonth ? $"calendar month ({TimeZone.Id})"
        : $"calendar {Text.Durations.Format(Duration)} from {Anchor:O}";

    private static TimeSpan Positive(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromMinutes(1));
        return duration;
    }
}
