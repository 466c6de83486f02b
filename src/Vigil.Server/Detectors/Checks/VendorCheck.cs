using Vigil.Core.Detection;
using Vigil.Core.Queries;
using Vigil.Detectors;
using Vigil.Detectors.Vendors;

namespace Vigil.Server.Detectors.Checks;

/// <summary>
/// Vendor degradation: each provider and model's error ratio, p95 latency, p95 time to first token and quality in the
/// current window against its reference window, and the same model compared across the providers that serve it.
/// </summary>
internal sealed class VendorCheck(VendorDetectorSettings settings, TimeSpan interval) : IDetectorCheck
{
    private readonly VendorDegradationDetector _baseline = new(settings.Options);
    private readonly CrossProviderComparison _across = new(settings.Options);

    public string Name => "vendor_degradation";

    public TimeSpan Interval => interval;

    public async Task<IReadOnlyList<Finding>> RunAsync(DetectorContext context, CancellationToken cancellationToken)
    {
        var (reference, current) = context.Windows(settings.Current, settings.Reference);
        var before = await ReadAsync(context, reference, cancellationToken);
        var now = await ReadAsync(context, current, cancellationToken);
        return [.. _baseline.Evaluate(before, now, reference, current), .. _across.Compare(now, current)];
    }

    private async Task<IReadOnlyList<VendorWindow>> ReadAsync(DetectorContext context, TimeRange range, CancellationToken cancellationToken)
    {
        var stats = await context.Source.ReadVendorStatsAsync(
            new VendorStatsQuery { ProjectId = context.ProjectId, Range = range, QualityScores = settings.QualityScores }, cancellationToken);
        return [.. stats.Select(Window)];
    }

    private static VendorWindow Window(VendorStats s) => new()
    {
        Provider = s.Provider,
        Model = s.Model,
        Calls = (int)Math.Min(int.MaxValue, s.Calls),
        Errors = (int)Math.Min(int.MaxValue, s.Errors),
        LatencyP50Ms = s.LatencyP50Ms,
        LatencyP95Ms = s.LatencyP95Ms,
        LatencyP99Ms = s.LatencyP99Ms,
        TtftP95Ms = s.TtftP95Ms,
        MeanQuality = s.MeanQuality,
        QualityCount = (int)Math.Min(int.MaxValue, s.QualityCount),
        ExampleTraceIds = s.ExampleTraceIds,
    };
}
