using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Simulator.Scenarios;

namespace Vigil.Simulator.Run;

/// <summary>
/// What Vigil caught in a run, how fast, and what it did, against the scenario's expectations. An
/// incident expectation passes when an incident of its class for its feature or provider opened
/// within <c>within</c> after its fault started, with the expected axis and mitigation (when the
/// scenario names them). A quiet interval passes when no page opened in it. A page that matches no
/// expectation is a false page. <see cref="Incidents"/> lists every incident Vigil opened.
/// </summary>
public sealed record Scorecard(
    string Scenario, bool Passed, IReadOnlyList<ExpectationResult> Expectations, int Pages, int Tickets, int FalsePages, RunFigures Run, string? Note,
    IReadOnlyList<ObservedIncident> Incidents)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static Scorecard Build(Scenario scenario, RunSummary run, IReadOnlyList<ObservedIncident> incidents, string? note)
    {
        var matched = new HashSet<ObservedIncident>();
        var results = new List<ExpectationResult>();
        foreach (var expectation in scenario.Expectations)
        {
            results.Add(expectation switch
            {
                IncidentExpectation e => Judge(e, run.Start, incidents, matched),
                QuietExpectation q => Judge(q, run.Start, incidents),
                _ => throw new ArgumentException($"unknown expectation {expectation.GetType().Name}", nameof(scenario)),
            });
        }

        var pages = incidents.Count(i => i.Severity == "page");
        var figures = new RunFigures((long)run.Simulated.TotalSeconds, run.Spans, run.Requests, Math.Round(run.Wall.TotalSeconds, 1));
        return new Scorecard(scenario.Name, results.All(r => r.Passed), results, pages, incidents.Count(i => i.Severity == "ticket"),
            incidents.Count(i => i.Severity == "page" && !matched.Contains(i)), figures, note, [.. incidents.OrderBy(i => i.OpenedAt)]);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static ExpectationResult Judge(IncidentExpectation e, DateTimeOffset start, IReadOnlyList<ObservedIncident> incidents, HashSet<ObservedIncident> matched)
    {
        var faultStart = start + e.After;
        var found = incidents
            .Where(i => i.Class == e.Incident && (e.Feature is null || i.Feature == e.Feature) && (e.Provider is null || i.Provider == e.Provider))
            .Where(i => i.OpenedAt >= faultStart && i.OpenedAt <= faultStart + e.Within)
            .OrderBy(i => i.OpenedAt)
            .FirstOrDefault();
        if (found is null)
        {
            return new ExpectationResult { Incident = e.Incident, Feature = e.Feature, Provider = e.Provider, Detected = false, Passed = false };
        }

        matched.Add(found);
        var axisCorrect = e.Axis is null || found.Axis == e.Axis;
        var mitigationCorrect = e.Mitigation is null || found.Mitigation == e.Mitigation;
        return new ExpectationResult
        {
            Incident = e.Incident, Feature = e.Feature, Provider = e.Provider, Detected = true,
            DetectedAfterS = (long)(found.OpenedAt - faultStart).TotalSeconds, IncidentId = found.Id,
            Axis = found.Axis, AxisCorrect = e.Axis is null ? null : axisCorrect,
            Mitigation = found.Mitigation, MitigationCorrect = e.Mitigation is null ? null : mitigationCorrect,
            MitigatedAfterS = found.MitigatedAt is { } m ? (long)(m - faultStart).TotalSeconds : null,
            Passed = axisCorrect && mitigationCorrect,
        };
    }

    private static ExpectationResult Judge(QuietExpectation q, DateTimeOffset start, IReadOnlyList<ObservedIncident> incidents)
    {
        var pages = incidents.Where(i => i.Severity == "page" && i.OpenedAt >= start + q.From && i.OpenedAt < start + q.To).ToList();
        return new ExpectationResult
        {
            Quiet = [Core.Text.Durations.Format(q.From), Core.Text.Durations.Format(q.To)],
            PagesInInterval = pages.Count,
            Passed = pages.Count == 0,
        };
    }
}

/// <summary>One expectation's verdict; the fields of the other kind stay null.</summary>
public sealed record ExpectationResult
{
    public string? Incident { get; init; }
    public string? Feature { get; init; }
    public string? Provider { get; init; }
    public IReadOnlyList<string>? Quiet { get; init; }
    public int? PagesInInterval { get; init; }
    public bool? Detected { get; init; }
    public long? DetectedAfterS { get; init; }
    public string? IncidentId { get; init; }
    public string? Axis { get; init; }
    public bool? AxisCorrect { get; init; }
    public string? Mitigation { get; init; }
    public bool? MitigationCorrect { get; init; }
    public long? MitigatedAfterS { get; init; }
    public required bool Passed { get; init; }
}

/// <summary>The run's size: simulated seconds, spans, requests, wall-clock seconds.</summary>
public sealed record RunFigures(long SimulatedS, long Spans, long Requests, double WallS);
