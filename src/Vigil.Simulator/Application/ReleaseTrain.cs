namespace Vigil.Simulator.Application;

/// <summary>
/// The releases a team ships anyway: every feature gets a harmless prompt revision every three days
/// (the first 30 h + 17 h × its position after the start), so deploys happen near faults without
/// causing them — as in production, where "a release went out" is not yet a diagnosis.
/// </summary>
public static class ReleaseTrain
{
    private static readonly TimeSpan Every = TimeSpan.FromDays(3);

    /// <summary>The routine deploys in [from, to).</summary>
    public static IEnumerable<(DateTimeOffset At, string Feature, Func<Release, Release> Change, string Reason)> Deploys(DateTimeOffset start, DateTimeOffset from, DateTimeOffset to)
    {
        for (var i = 0; i < Catalog.Features.Count; i++)
        {
            var feature = Catalog.Features[i].Name;
            var first = start + TimeSpan.FromHours(30 + (17 * i));
            if (to <= first)
            {
                continue;
            }

            var n = Math.Max(0, (long)Math.Ceiling((from - first) / Every));
            for (var at = first + (Every * n); at < to; at += Every)
            {
                if (at >= from)
                {
                    yield return (at, feature, Revise, "routine prompt revision");
                }
            }
        }
    }

    /// <summary>A new prompt version with the same behaviour as the current one.</summary>
    private static Release Revise(Release release) => release with
    {
        Id = Faults.FaultSchedule.NextId(release),
        Prompt = release.Prompt with { Version = Faults.FaultSchedule.Bump(release.Prompt.Version) },
    };
}
