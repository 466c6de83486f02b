using Vigil.Core.Slos;

namespace Vigil.Core.Tests.Slos;

/// <summary>
/// Drives one SLO through simulated time: a steady stream of events at <see cref="EventsPerSecond"/>
/// whose error ratio the test sets, evaluated every <see cref="Interval"/> as the server would.
/// </summary>
internal sealed class SloScenario
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private double _errorCarry;

    public SloScenario(SloDefinition slo, TimeSpan? cleanHistory = null, int eventsPerSecond = 1)
    {
        Runtime = new SloRuntime(slo);
        EventsPerSecond = eventsPerSecond;
        Now = Start;
        var history = cleanHistory ?? slo.Window.MaxDuration;
        var perMinute = eventsPerSecond * 60L;
        for (var minute = MinuteSeries.MinuteOf(Start - history); minute < MinuteSeries.MinuteOf(Start); minute++)
        {
            Runtime.AddMinute(minute, perMinute, perMinute);
        }
    }

    public SloRuntime Runtime { get; }
    public int EventsPerSecond { get; }
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);
    public DateTimeOffset Now { get; private set; }
    public double ErrorRatio { get; set; }
    public SloStatus? Status { get; private set; }

    /// <summary>Emits one interval of events and evaluates at its end.</summary>
    public SloStatus Step()
    {
        var events = (long)(EventsPerSecond * Interval.TotalSeconds);
        _errorCarry += ErrorRatio * events;
        var bad = (long)Math.Floor(_errorCarry);
        _errorCarry -= bad;
        Runtime.AddMinute(MinuteSeries.MinuteOf(Now), events - bad, events);
        Now += Interval;
        Status = Runtime.Evaluate(Now);
        return Status;
    }

    /// <summary>Steps until <paramref name="until"/> holds or <paramref name="limit"/> passes; the time it held, or null.</summary>
    public DateTimeOffset? RunUntil(Func<SloStatus, bool> until, TimeSpan limit)
    {
        var end = Now + limit;
        while (Now < end)
        {
            if (until(Step()))
            {
                return Now;
            }
        }

        return null;
    }

    public SloAlert? Alert(string tier) => Status?.Alerts.FirstOrDefault(a => a.Tier == tier && a.IsActive);

    public static SloDefinition Availability(double objective = 0.999, TimeSpan? period = null, SloAlerting? alerting = null) => new()
    {
        Name = "chat-availability",
        Indicator = new SliDefinition { Kind = SliKind.Availability, Scope = new SliScope { Feature = "support-chat" } },
        Objective = objective,
        Window = SloTimeWindow.Rolling(period ?? TimeSpan.FromDays(30)),
        Alerting = alerting ?? new SloAlerting(),
    };
}
