using Vigil.Core.Queries;
using Vigil.Evals;
using Vigil.Server.Evaluation;

namespace Vigil.Bench.Evals;

/// <summary>A stored trace as a scoring case, with the trace's reference answer (<c>vigil.reference</c>) when it carries one.</summary>
internal sealed record BenchCase(ScoringInput Input, string Feature, string TraceId, string? Reference);

/// <summary>A stored trace as the online evaluator scores it: <see cref="TraceCase.From"/> itself (internal to Vigil.Server, visible to this benchmark).</summary>
internal static class TraceCases
{
    public static BenchCase? From(TraceDetail trace) =>
        TraceCase.From(trace) is { } found ? new BenchCase(found.Input, found.Root.Feature, trace.TraceId, found.Input.Expected) : null;
}
