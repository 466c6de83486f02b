using Vigil.Core.Detection;
using Vigil.Core.Queries;

namespace Vigil.Server.Detectors.Checks;

/// <summary>The features a check watches when none are configured: those with LLM calls in the window.</summary>
internal static class Features
{
    public static async Task<IReadOnlyList<string>> ActiveAsync(DetectorContext context, TimeRange range, CancellationToken cancellationToken)
    {
        var usage = await context.Source.ReadUsageAsync(
            new UsageQuery { ProjectId = context.ProjectId, Range = range, Dimensions = [UsageDimension.Feature] }, cancellationToken);
        return [.. usage.Select(u => u.Keys[0]).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
