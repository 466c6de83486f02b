namespace Vigil.Simulator.Run;

/// <summary>How to run a scenario.</summary>
public sealed record SimulationOptions
{
    /// <summary>Run at this many times real time (demos); null: as fast as the CPU allows.</summary>
    public double? Speed { get; init; }

    /// <summary>Prompt files (CSV or JSONL with a category column) whose categories become input pools.</summary>
    public IReadOnlyList<string> InputFiles { get; init; } = [];
}

/// <summary>What a run did.</summary>
public sealed record RunSummary(TimeSpan Simulated, long Requests, long Spans, long Shed, TimeSpan Wall, DateTimeOffset Start, DateTimeOffset End);

/// <summary>Progress after each simulated hour.</summary>
public sealed record RunProgress(TimeSpan Simulated, TimeSpan Total, long Spans);
