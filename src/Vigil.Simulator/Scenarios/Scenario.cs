namespace Vigil.Simulator.Scenarios;

/// <summary>A game day: how long, how much traffic, which faults when, and what Vigil is expected to do.</summary>
public sealed record Scenario
{
    public required string Name { get; init; }

    public string Description { get; init; } = string.Empty;

    public int Seed { get; init; } = 1;

    /// <summary>The simulated clock's start; default: midnight UTC of the day the run starts.</summary>
    public DateTimeOffset? Start { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Requests per minute across all features, before daily and weekly seasonality.</summary>
    public double RequestsPerMinute { get; init; } = 60;

    public IReadOnlyList<FaultSpec> Faults { get; init; } = [];

    public IReadOnlyList<Expectation> Expectations { get; init; } = [];
}

/// <summary>
/// One fault: its kind (see <see cref="FaultKinds"/>), when it starts (an offset from the start),
/// when it ends (never when null), and its parameters as written.
/// </summary>
public sealed record FaultSpec(string Kind, TimeSpan At, TimeSpan? Until, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Text(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    public double Number(string name, double fallback) =>
        Parameters.TryGetValue(name, out var value) ? double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    public bool IsActive(TimeSpan offset) => offset >= At && (Until is null || offset < Until);
}

/// <summary>What Vigil should do: raise an incident of a class (and diagnose an axis, mitigate), or stay quiet for an interval.</summary>
public abstract record Expectation;

public sealed record IncidentExpectation(string Incident, string? Feature, string? Provider, TimeSpan Within, string? Axis, string? Mitigation, TimeSpan After) : Expectation;

public sealed record QuietExpectation(TimeSpan From, TimeSpan To) : Expectation;
