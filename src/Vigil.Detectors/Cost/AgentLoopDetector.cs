using Vigil.Core.Queries;

namespace Vigil.Detectors.Cost;

/// <summary>Defaults of the runaway-agent-loop detector; every one overridable.</summary>
public sealed record AgentLoopOptions
{
    /// <summary>The fewest traces each window needs before it is compared.</summary>
    public int MinimumTraces { get; init; } = 30;

    /// <summary>Alert when the current p95 of steps per trace is at least this multiple of the baseline's…</summary>
    public double P95Ratio { get; init; } = 1.5;

    /// <summary>…and at least this many steps above it (a p95 of 2 going to 3 is not a loop).</summary>
    public double MinimumP95Increase { get; init; } = 2;

    /// <summary>Or when at least this share of current traces takes more steps than the baseline's p99 (about 1 % expected).</summary>
    public double AboveP99Share { get; init; } = 0.05;

    /// <summary>How many of the longest current traces are named.</summary>
    public int ExampleCount { get; init; } = 5;
}

/// <summary>
/// Runaway agent loops: steps (LLM and tool spans) per trace of one feature, current window against a baseline
/// window. Alerts when the p95 jumps or when many traces exceed the baseline's p99; names the longest traces.
/// Detector <c>agent_loop</c>; quantiles interpolate linearly between order statistics (NumPy's default).
/// </summary>
public static class AgentLoopDetector
{
    public const string Name = "agent_loop";

    public static Finding Evaluate(
        IReadOnlyDictionary<string, string> subject,
        IReadOnlyCollection<TraceSteps> baseline, TimeRange baselineRange,
        IReadOnlyCollection<TraceSteps> current, TimeRange currentRange,
        AgentLoopOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new AgentLoopOptions();
        var name = CostText.Name(subject);
        var finding = new Finding
        {
            Detector = Name,
            Subject = subject,
            State = FindingState.InsufficientData,
            Statistic = "p95_ratio",
            Threshold = options.P95Ratio,
            Reference = baselineRange,
            Current = currentRange,
            Explanation = "",
            IncidentClass = CostText.IncidentClass,
        };
        if (baseline.Count < options.MinimumTraces || current.Count < options.MinimumTraces)
        {
            return finding with
            {
                Explanation = FormattableString.Invariant(
                    $"{name} steps per trace: not enough traces ({baseline.Count} in the baseline, {current.Count} now; each window needs {options.MinimumTraces})"),
            };
        }

        var b = baseline.Select(t => (double)t.Steps).Order().ToArray();
        var c = current.Select(t => (double)t.Steps).Order().ToArray();
        var (p95Base, p99Base, p95Cur) = (Robust.Quantile(b, 0.95), Robust.Quantile(b, 0.99), Robust.Quantile(c, 0.95));
        var ratio = p95Cur / Math.Max(p95Base, 1);
        var above = c.Count(s => s > p99Base) / (double)c.Length;
        var p95Alert = ratio >= options.P95Ratio && p95Cur - p95Base >= options.MinimumP95Increase;
        var shareAlert = above >= options.AboveP99Share;
        var examples = current.OrderByDescending(t => t.Steps).ThenBy(t => t.TraceId, StringComparer.Ordinal).Take(options.ExampleCount).ToList();

        var text = FormattableString.Invariant(
            $"{name} steps per trace: p95 {CostText.Number(p95Base)} → {CostText.Number(p95Cur)} (×{CostText.Number(ratio)}), {CostText.Percent(above)} of {c.Length} traces above the baseline p99 of {CostText.Number(p99Base, "0.#")} steps");
        if (p95Alert || shareAlert)
        {
            text += FormattableString.Invariant($"; longest: {string.Join(", ", examples.Select(e => FormattableString.Invariant($"{e.TraceId} ({e.Steps} steps)")))}");
        }

        return finding with
        {
            State = p95Alert || shareAlert ? FindingState.Alert : FindingState.Ok,
            Statistic = !p95Alert && shareAlert ? "share_above_baseline_p99" : "p95_ratio",
            Value = !p95Alert && shareAlert ? above : ratio,
            Threshold = !p95Alert && shareAlert ? options.AboveP99Share : options.P95Ratio,
            Explanation = text,
            ExampleTraceIds = p95Alert || shareAlert ? examples.Select(e => e.TraceId).ToList() : [],
        };
    }
}
