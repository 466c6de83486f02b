namespace Vigil.Core.Slos;

/// <summary>
/// Good and total events per UTC minute over a fixed horizon (a ring: a minute older than the horizon
/// gives its slot to a new one). Windows are sums of minutes, so every ratio is a ratio of sums. Hourly
/// subtotals kept beside the minutes make a 30-day sum about 720 additions instead of 43,200.
/// </summary>
public sealed class MinuteSeries
{
    private const int MinutesPerHour = 60;

    private readonly long[] _minute;
    private readonly long[] _good;
    private readonly long[] _total;
    private readonly long[] _hour;
    private readonly long[] _hourGood;
    private readonly long[] _hourTotal;
    private long _newest = long.MinValue;

    /// <param name="horizon">How far back windows may reach; rounded up to whole minutes.</param>
    public MinuteSeries(TimeSpan horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(horizon, TimeSpan.Zero);
        Capacity = (int)Math.Ceiling(horizon.TotalMinutes) + 1;
        _minute = new long[Capacity];
        Array.Fill(_minute, long.MinValue);
        _good = new long[Capacity];
        _total = new long[Capacity];
        var hours = (Capacity / MinutesPerHour) + 2;
        _hour = new long[hours];
        Array.Fill(_hour, long.MinValue);
        _hourGood = new long[hours];
        _hourTotal = new long[hours];
    }

    /// <summary>Minutes held.</summary>
    public int Capacity { get; }

    /// <summary>The minute (since the Unix epoch) an instant falls in.</summary>
    public static long MinuteOf(DateTimeOffset time) => Math.DivRem(time.ToUnixTimeMilliseconds(), 60_000, out var rest) - (rest < 0 ? 1 : 0);

    public static long MinuteOfUnixNano(long unixNano) => FloorDiv(unixNano, 60_000_000_000);

    /// <summary>Adds events to a minute; false (and nothing changes) when the minute is older than every held one would allow.</summary>
    public bool Add(long minute, long good, long total)
    {
        if (_newest != long.MinValue && minute <= _newest - Capacity)
        {
            return false;
        }

        _newest = Math.Max(_newest, minute);
        var slot = Slot(minute);
        if (_minute[slot] != minute)
        {
            _minute[slot] = minute;
            _good[slot] = 0;
            _total[slot] = 0;
        }

        _good[slot] += good;
        _total[slot] += total;
        var hour = FloorDiv(minute, MinutesPerHour);
        var hourSlot = (int)(((hour % _hour.Length) + _hour.Length) % _hour.Length);
        if (_hour[hourSlot] != hour)
        {
            _hour[hourSlot] = hour;
            _hourGood[hourSlot] = 0;
            _hourTotal[hourSlot] = 0;
        }

        _hourGood[hourSlot] += good;
        _hourTotal[hourSlot] += total;
        return true;
    }

    /// <summary>The events of one minute.</summary>
    public EventCounts At(long minute)
    {
        var slot = Slot(minute);
        return _minute[slot] == minute ? new EventCounts(_good[slot], _total[slot]) : EventCounts.None;
    }

    /// <summary>The events of minutes <paramref name="fromMinute"/> (inclusive) to <paramref name="toMinute"/> (exclusive).</summary>
    public EventCounts Sum(long fromMinute, long toMinute)
    {
        long good = 0, total = 0;
        var minute = Math.Max(fromMinute, toMinute - Capacity);
        for (; minute < toMinute && minute % MinutesPerHour != 0; minute++)
        {
            AddMinute(minute, ref good, ref total);
        }

        // Whole hours inside the range: every minute of them is still held, so the subtotal is exact.
        for (; minute + MinutesPerHour <= toMinute; minute += MinutesPerHour)
        {
            var hour = FloorDiv(minute, MinutesPerHour);
            var hourSlot = (int)(((hour % _hour.Length) + _hour.Length) % _hour.Length);
            if (_hour[hourSlot] == hour)
            {
                good += _hourGood[hourSlot];
                total += _hourTotal[hourSlot];
            }
        }

        for (; minute < toMinute; minute++)
        {
            AddMinute(minute, ref good, ref total);
        }

        return new EventCounts(good, total);
    }

    /// <summary>
    /// The events of the window of length <paramref name="window"/> ending at <paramref name="now"/>:
    /// every minute that overlaps <c>[now − window, now]</c>, the one in progress included. A window
    /// thus covers between its length and one minute more, never less: an alert clears no sooner than
    /// its short window after the errors stop.
    /// </summary>
    public EventCounts Window(DateTimeOffset now, TimeSpan window) =>
        Sum(MinuteOf(now - window), MinuteOf(now) + 1);

    private void AddMinute(long minute, ref long good, ref long total)
    {
        var slot = Slot(minute);
        if (_minute[slot] == minute)
        {
            good += _good[slot];
            total += _total[slot];
        }
    }

    private static long FloorDiv(long a, long b) => Math.DivRem(a, b, out var rest) - (rest < 0 ? 1 : 0);

    private int Slot(long minute) => (int)(((minute % Capacity) + Capacity) % Capacity);
}
