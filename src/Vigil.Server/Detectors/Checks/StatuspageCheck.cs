using Vigil.Core.Projects;
using Vigil.Detectors;
using Vigil.Detectors.Vendors;
using Vigil.Server.Detectors.Statuspages;

namespace Vigil.Server.Detectors.Checks;

/// <summary>
/// Vendor-side health: the findings of the status pages' latest fetches. A vendor's page concerns every project;
/// its alerts are kept once, under the default project.
/// </summary>
internal sealed class StatuspageCheck(StatuspagePoller poller, TimeSpan interval) : IDetectorCheck
{
    public string Name => VendorStatusDetector.Detector;

    public TimeSpan Interval => interval;

    public Task<IReadOnlyList<Finding>> RunAsync(DetectorContext context, CancellationToken cancellationToken) =>
        Task.FromResult(context.ProjectId == ProjectIds.Default ? poller.Findings() : []);
}
