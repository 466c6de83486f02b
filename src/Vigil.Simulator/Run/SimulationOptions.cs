namespace Vigil.Simulator.Run;

/// <summary>How to run a scenario.</summary>
public sealed record SimulationOptions
{
    /// <summary>Run at this many times real time (demos); null: as fast as the CPU allows.</summary>
    public double? Speed { get; init; }

    /// <summary>Prompt files (CSV or JSONL with a category column) whose categories become input pools.</summary>
    public IReadOnlyList<string> InputFiles { get; init; } = [];

    /// <summary>
    /// Awaited after each simulated minute has been sent, with the clock at the minute's end: where a
    /// game day evaluates Vigil's SLOs in step with the simulated clock.
    /// </summary>
    public Func<DateTimeOffset, CancellationToken, Task>? AfterMinute { get; init; }
}

/// <summary>What a run did.</summary>
public sealed record RunSummary(TimeSpan Simulated, long Requests, long Spans, long Shed, TimeSpan Wall, DateTimeOffset Start, DateTimeOffset End);

/// <summary>Progress after each simulated hour.</summary>
public sealed record RunProgress(TimeSpan Simulated, TimeSpan Total, long Spans);
