namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Timestamps cross the DuckDB boundary as microseconds since the Unix epoch (<c>make_timestamp(µs)</c>
/// in, <c>epoch_us(ts)</c> out), so no time zone setting can shift them.
/// </summary>
internal static class Time
{
    public const long MicrosPerMinute = 60_000_000;
    public const long MicrosPerHour = 60 * MicrosPerMinute;

    public static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    public static long NanosToMicros(long nanos) => nanos / 1000;

    /// <summary>The smallest multiple of <paramref name="unit"/> that is ≥ <paramref name="micros"/>.</summary>
    public static long CeilTo(long micros, long unit)
    {
        var floor = FloorTo(micros, unit);
        return floor == micros ? micros : floor + unit;
    }

    public static long FloorTo(long micros, long unit)
    {
        var remainder = micros % unit;
        return remainder < 0 ? micros - remainder - unit : micros - remainder;
    }
}
