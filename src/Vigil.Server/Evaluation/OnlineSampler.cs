namespace Vigil.Server.Evaluation;

/// <summary>
/// Which traces of a feature are scored: those whose trace-id hash falls below the sample rate (the
/// same trace is chosen on every server and after a restart), plus enough others that every
/// (release, segment) stratum gets <see cref="OnlineFeatureSettings.MinPerStratum"/> scores per hour of
/// trace start time. Not thread-safe: one evaluation run uses it at a time.
/// </summary>
internal sealed class OnlineSampler(OnlineFeatureSettings settings)
{
    private readonly Dictionary<(long Hour, string? Release, string? Segment), int> _scored = [];
    private readonly Dictionary<(long Hour, string? Segment), int> _lookups = [];

    /// <summary>Whether the trace is in the rate sample: a 64-bit hash of its id, read as a number in [0, 1).</summary>
    public bool InRateSample(string traceId) => Unit(traceId) < settings.SampleRate;

    /// <summary>
    /// Whether a trace outside the rate sample is worth reading to learn its release: only while its
    /// segment's hour has lookups to spare (at most 4 × minPerStratum + 4 per segment and hour, so a
    /// busy stratum that is already full does not make every trace of its segment a read).
    /// </summary>
    public bool MayTopUp(DateTimeOffset start, string? segment)
    {
        if (settings.MinPerStratum == 0)
        {
            return false;
        }

        var key = (Hour(start), segment);
        var used = _lookups.GetValueOrDefault(key);
        if (used >= (4 * settings.MinPerStratum) + 4)
        {
            return false;
        }

        _lookups[key] = used + 1;
        return true;
    }

    /// <summary>Whether the stratum still lacks its hourly minimum.</summary>
    public bool NeedsMore(DateTimeOffset start, string? release, string? segment) =>
        _scored.GetValueOrDefault((Hour(start), release, segment)) < settings.MinPerStratum;

    /// <summary>Counts a trace chosen for scoring in its stratum.</summary>
    public void Chosen(DateTimeOffset start, string? release, string? segment)
    {
        var key = (Hour(start), release, segment);
        _scored[key] = _scored.GetValueOrDefault(key) + 1;
    }

    /// <summary>Forgets the strata of hours before <paramref name="before"/>.</summary>
    public void Prune(DateTimeOffset before)
    {
        var hour = Hour(before);
        foreach (var key in _scored.Keys.Where(k => k.Hour < hour).ToList())
        {
            _scored.Remove(key);
        }

        foreach (var key in _lookups.Keys.Where(k => k.Hour < hour).ToList())
        {
            _lookups.Remove(key);
        }
    }

    /// <summary>FNV-1a over the id's characters, finished with the SplitMix64 mixer (sequential ids spread evenly), as a double in [0, 1).</summary>
    internal static double Unit(string traceId)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in traceId)
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 1099511628211UL;
        }

        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111ebUL;
        hash ^= hash >> 31;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    private static long Hour(DateTimeOffset time) => time.ToUnixTimeSeconds() / 3600;
}
