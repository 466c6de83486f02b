namespace Vigil.Simulator.Run;

/// <summary>An incident Vigil opened during a run, as the scorecard judges it.</summary>
/// <param name="Severity">"page" or "ticket".</param>
public sealed record ObservedIncident(
    string Id, string Class, string? Feature, string? Provider, string Severity, DateTimeOffset OpenedAt,
    string? Axis, string? Mitigation, DateTimeOffset? MitigatedAt);

/// <summary>Where the scorecard reads the incidents Vigil opened.</summary>
public interface IIncidentSource
{
    Task<IReadOnlyList<ObservedIncident>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Why the list may be empty for reasons other than "nothing happened", or null.</summary>
    string? Limitation { get; }
}

/// <summary>
/// The incident source of a game day that cannot read Vigil's alerts (one against a remote server, until it
/// reads <c>/api/v1/alerts</c>): it reports none, and says so, so that a scorecard shows honestly that nothing
/// was counted.
/// </summary>
public sealed class NoIncidentModel : IIncidentSource
{
    public string? Limitation => "a game day against a remote Vigil does not read its alerts yet (only in-process game days do): nothing is counted as detected";

    public Task<IReadOnlyList<ObservedIncident>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ObservedIncident>>([]);
}
