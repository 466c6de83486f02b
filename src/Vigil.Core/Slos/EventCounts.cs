namespace Vigil.Core.Slos;

/// <summary>
/// Good and total events of a window. Windows add up by summing counts, so a window's error ratio
/// is total bad over total events — a ratio of sums, never a mean of per-bucket ratios.
/// </summary>
public readonly record struct EventCounts(long Good, long Total)
{
    public static readonly EventCounts None = new(0, 0);

    public long Bad => Total - Good;

    /// <summary>Bad over total; 0 for a window without events.</summary>
    public double ErrorRatio => Total == 0 ? 0 : (double)Bad / Total;

    public static EventCounts operator +(EventCounts a, EventCounts b) => new(a.Good + b.Good, a.Total + b.Total);

    public static EventCounts Add(EventCounts a, EventCounts b) => a + b;

    /// <summary>The sum of <paramref name="buckets"/>: one window made of several.</summary>
    public static EventCounts Sum(IEnumerable<EventCounts> buckets) => buckets.Aggregate(None, (a, b) => a + b);
}
