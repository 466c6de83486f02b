using Vigil.Core.Evals;

namespace Vigil.Server.Evaluation.Runs;

/// <summary>
/// A finished run as the API returns it: the run (summary and gate verdict), the baseline run the gate
/// compared with (made now when none was stored), and the first failing items with their explanations.
/// </summary>
public sealed record EvalRunJson(EvalRun Run, EvalRun? Baseline, IReadOnlyList<EvalItemResult> Failures)
{
    /// <summary>"passed", "failed" (the gate failed) or "no_gate".</summary>
    public string Verdict => Run.Gate is null ? "no_gate" : Run.Gate.Passed ? "passed" : "failed";
}

/// <summary>Runs, newest first.</summary>
public sealed record EvalRunListJson(IReadOnlyList<EvalRun> Runs);

/// <summary>A run's items, in dataset order.</summary>
public sealed record EvalRunItemsJson(string RunId, IReadOnlyList<EvalItemResult> Items);
