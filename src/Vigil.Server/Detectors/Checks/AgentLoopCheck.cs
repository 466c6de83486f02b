using Vigil.Core.Detection;
using Vigil.Detectors;
using Vigil.Detectors.Cost;

namespace Vigil.Server.Detectors.Checks;

/// <summary>Runaway agent loops: steps per trace of each watched feature, the current window against the reference.</summary>
internal sealed class AgentLoopCheck(AgentLoopDetectorSettings settings, TimeSpan interval) : IDetectorCheck
{
    public string Name => AgentLoopDetector.Name;

    public TimeSpan Interval => interval;

    public async Task<IReadOnlyList<Finding>> RunAsync(DetectorContext context, CancellationToken cancellationToken)
    {
        var (reference, current) = context.Windows(settings.Current, settings.Reference);
        var features = settings.Features.Count > 0 ? settings.Features : await Features.ActiveAsync(context, current, cancellationToken);
        var findings = new List<Finding>();
        foreach (var feature in features)
        {
            var before = await context.Source.ReadTraceStepsAsync(context.ProjectId, feature, reference, cancellationToken);
            var now = await context.Source.ReadTraceStepsAsync(context.ProjectId, feature, current, cancellationToken);
            findings.Add(AgentLoopDetector.Evaluate(
                Finding.Labels(("feature", feature)), [.. before.Select(Steps)], reference, [.. now.Select(Steps)], current, settings.Options));
        }

        return findings;
    }

    private static TraceSteps Steps(TraceStepCount t) => new(t.TraceId, t.Start, t.Steps);
}
