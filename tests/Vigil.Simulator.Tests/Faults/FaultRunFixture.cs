using Vigil.Core.Ports;
using Vigil.Simulator.Run;
using Vigil.Simulator.Scenarios;

namespace Vigil.Simulator.Tests.Faults;

/// <summary>
/// One Vigil server on a simulated clock for every fault test: starting a server per test would cost
/// more than most runs. Each scenario gets a Monday of its own, at the hour its <see cref="Scenario.Start"/>
/// names, a week after the previous run's Monday: the runner's draws depend only on the seed and the
/// minute since the start, and every Monday has the same traffic curve, so a scenario stores the
/// same telemetry whichever Monday it lands on. Distinct seeds per scenario keep trace ids apart.
/// </summary>
public sealed class FaultRunFixture : IAsyncLifetime
{
    /// <summary>The first Monday; scenarios name this day, the fixture moves them to a later Monday.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Added to every scenario's seed: set <c>VIGIL_FAULT_SEED_OFFSET</c> to check that the margins of
    /// the fault tests hold for other seeds than the fixed ones.
    /// </summary>
    public static readonly int SeedOffset =
        int.TryParse(Environment.GetEnvironmentVariable("VIGIL_FAULT_SEED_OFFSET"), System.Globalization.CultureInfo.InvariantCulture, out var offset) ? offset : 0;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SimulatedVigil? _vigil;
    private DateTimeOffset _nextMonday = Monday;

    public ITelemetryStore Store => (_vigil ?? throw new InvalidOperationException("not started")).Store;

    public async Task InitializeAsync() => _vigil = await SimulatedVigil.StartAsync(Monday);

    /// <summary>Runs <paramref name="scenario"/> on the next free Monday and returns where it landed.</summary>
    public async Task<FaultRun> RunAsync(Scenario scenario)
    {
        var vigil = _vigil ?? throw new InvalidOperationException("not started");
        var named = scenario.Start ?? throw new ArgumentException("a fault scenario names its start", nameof(scenario));
        await _gate.WaitAsync();
        try
        {
            var start = _nextMonday + named.TimeOfDay;
            _nextMonday += TimeSpan.FromDays(7 * (1 + (int)((named.TimeOfDay + scenario.Duration).TotalDays / 7)));
            var summary = await vigil.RunAsync(scenario with { Start = start, Seed = scenario.Seed + SeedOffset });
            return new FaultRun(scenario, summary, start);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_vigil is not null)
        {
            await _vigil.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>A scenario as it ran: its summary and the actual start, with the windows before and after its fault.</summary>
public sealed record FaultRun(Scenario Scenario, RunSummary Summary, DateTimeOffset Start)
{
    public DateTimeOffset End => Start + Scenario.Duration;

    public DateTimeOffset FaultAt => Start + Scenario.Faults[0].At;

    /// <summary>From the start to the fault.</summary>
    public Core.Queries.TimeRange Before => new(Start, FaultAt);

    /// <summary>From the fault to the end.</summary>
    public Core.Queries.TimeRange After => new(FaultAt, End);
}
