using Vigil.Core.Ports;
using Vigil.Core.Queries;
using Vigil.Detectors;

namespace Vigil.Server.Detectors;

/// <summary>
/// One detector as the server runs it: reads its windows from the store for one project at the evaluation's
/// time, and answers with findings (alerting, ok, or insufficient data). A check that needs fresh data less
/// often than the engine runs says so with <see cref="Interval"/>; the engine then keeps its last findings.
/// </summary>
public interface IDetectorCheck
{
    /// <summary>The detector's name, as in its findings (<c>cost_anomaly</c>, <c>drift</c>, …).</summary>
    string Name { get; }

    /// <summary>How often the check runs; the engine's interval when it is shorter.</summary>
    TimeSpan Interval { get; }

    Task<IReadOnlyList<Finding>> RunAsync(DetectorContext context, CancellationToken cancellationToken);
}

/// <summary>What a check runs against: the project, the evaluation's instant and the store's detector queries.</summary>
public sealed record DetectorContext(string ProjectId, DateTimeOffset Now, IDetectorSource Source)
{
    /// <summary>The rolling windows ending now: the current window, and the reference window just before it.</summary>
    public (TimeRange Reference, TimeRange Current) Windows(TimeSpan current, TimeSpan reference)
    {
        var currentRange = new TimeRange(Now - current, Now);
        return (new TimeRange(currentRange.From - reference, currentRange.From), currentRange);
    }
}
