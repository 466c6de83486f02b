using Vigil.Detectors;
using Vigil.Detectors.Compliance;

namespace Vigil.Server.Detectors.Checks;

/// <summary>Audit gaps: per feature, the share of root spans lacking each required attribute, current window against the reference.</summary>
internal sealed class AuditCheck(AuditDetectorSettings settings, TimeSpan interval) : IDetectorCheck
{
    private readonly AuditGapDetector _detector = new(settings.Options);

    public string Name => AuditGapDetector.Detector;

    public TimeSpan Interval => interval;

    public async Task<IReadOnlyList<Finding>> RunAsync(DetectorContext context, CancellationToken cancellationToken)
    {
        var (reference, current) = context.Windows(settings.Current, settings.Reference);
        var before = await context.Source.ReadAuditCountsAsync(context.ProjectId, reference, settings.Required, cancellationToken);
        var now = await context.Source.ReadAuditCountsAsync(context.ProjectId, current, settings.Required, cancellationToken);
        return _detector.Evaluate(before, now, settings.Required, reference, current);
    }
}
