using System.Data.Common;
using Vigil.Core.Ports;
using Vigil.Core.Releases;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb;

/// <summary>
/// <see cref="IReleaseStore"/> in the same DuckDB file as the telemetry (tables <c>releases</c>,
/// <c>release_activations</c>, <c>release_audit</c>; migration 0005). <see cref="CommitAsync"/> checks
/// and writes in one transaction on the single write connection, so a conflicting commit writes nothing.
/// </summary>
/// <remarks>
/// Times are stored as UTC with microsecond precision: a time read back equals the time written
/// truncated to the microsecond (with offset zero). Activations and audit entries are ordered by the
/// sequence number they get at commit, not by their times, which may tie (or go back) on a fake clock.
/// </remarks>
public sealed class DuckDbReleaseStore : IReleaseStore
{
    private readonly DuckDbDatabase _database;

    public DuckDbReleaseStore(DuckDbDatabase database) => _database = database;

    public async Task<IReadOnlyList<string>> ListFeaturesAsync(string project, CancellationToken cancellationToken) =>
        await ReadAsync(
            "SELECT DISTINCT feature FROM releases WHERE project_id = $project ORDER BY feature",
            reader => reader.GetString(0),
            cancellationToken,
            ("project", project));

    public async Task<IReadOnlyList<Release>> ListReleasesAsync(string project, string feature, CancellationToken cancellationToken) =>
        await ReadAsync(
            $"SELECT {ReleaseRows.ReleaseColumns} FROM releases WHERE project_id = $project AND feature = $feature ORDER BY number",
            ReleaseRows.ReadRelease,
            cancellationToken,
            ("project", project),
            ("feature", feature));

    public async Task<Release?> GetReleaseAsync(string project, string feature, int number, CancellationToken cancellationToken)
    {
        var releases = await ReadAsync(
            $"SELECT {ReleaseRows.ReleaseColumns} FROM releases WHERE project_id = $project AND feature = $feature AND number = $number",
            ReleaseRows.ReadRelease,
            cancellationToken,
            ("project", project),
            ("feature", feature),
            ("number", number));
        return releases.Count == 0 ? null : releases[0];
    }

    public async Task<ReleaseActivation?> GetActiveAsync(string project, string feature, CancellationToken cancellationToken)
    {
        var activations = await ReadAsync(
            $"SELECT {ReleaseRows.ActivationColumns} FROM release_activations WHERE project_id = $project AND feature = $feature ORDER BY seq DESC LIMIT 1",
            ReleaseRows.ReadActivation,
            cancellationToken,
            ("project", project),
            ("feature", feature));
        return activations.Count == 0 ? null : activations[0];
    }

    public async Task<IReadOnlyList<ReleaseActivation>> ListActivationsAsync(
        string project, string? feature, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await ReadAsync(
            $"""
            SELECT {ReleaseRows.ActivationColumns} FROM release_activations
            WHERE project_id = $project AND ($feature IS NULL OR feature = $feature)
              AND occurred_at >= make_timestamp($from) AND occurred_at < make_timestamp($to)
            ORDER BY seq
            """,
            ReleaseRows.ReadActivation,
            cancellationToken,
            ("project", project),
            ("feature", feature),
            ("from", Time.ToMicros(from)),
            ("to", Time.ToMicros(to)));

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string project, string? feature, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        return await ReadAsync(
            $"""
            SELECT {ReleaseRows.AuditColumns} FROM release_audit
            WHERE project_id = $project AND ($feature IS NULL OR feature = $feature)
            ORDER BY seq DESC
            LIMIT $limit
            """,
            ReleaseRows.ReadAudit,
            cancellationToken,
            ("project", project),
            ("feature", feature),
            ("limit", (long)limit));
    }

    public Task CommitAsync(ReleaseCommit commit, CancellationToken cancellationToken)
    {
        Validate(commit);
        return _database.WriteAsync(
            connection => Transactions.Run(connection, c =>
            {
                if (commit.NewRelease is { } release && ReleaseRows.ReleaseExists(c, commit.Project, commit.Feature, release.Number))
                {
                    throw new ReleaseConflictException($"{commit.Feature} already has a release {release.Id}");
                }

                if (commit.Activation is { } activation)
                {
                    var active = ReleaseRows.ActiveReleaseId(c, commit.Project, commit.Feature);
                    if (!string.Equals(active, commit.ExpectedActiveReleaseId, StringComparison.Ordinal))
                    {
                        throw new ReleaseConflictException(
                            $"the active release of {commit.Feature} is {active ?? "none"}, not {commit.ExpectedActiveReleaseId ?? "none"}");
                    }

                    var activatesNewRelease = commit.NewRelease is { } created && created.Id == activation.ReleaseId;
                    if (!activatesNewRelease
                        && !(ReleaseIds.TryParse(activation.ReleaseId, out var number) && ReleaseRows.ReleaseExists(c, commit.Project, commit.Feature, number)))
                    {
                        throw new ArgumentException($"the activation names {activation.ReleaseId}, which {commit.Feature} does not have", nameof(commit));
                    }
                }

                if (commit.NewRelease is { } newRelease)
                {
                    ReleaseRows.InsertRelease(c, newRelease);
                }

                if (commit.Activation is { } newActivation)
                {
                    ReleaseRows.InsertActivation(c, newActivation);
                }

                foreach (var entry in commit.Audit)
                {
                    ReleaseRows.InsertAudit(c, entry);
                }

                return true;
            }),
            cancellationToken);
    }

    /// <summary>Everything a commit writes belongs to its project and feature.</summary>
    private static void Validate(ReleaseCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.NewRelease is { } release && (!Owned(commit, release.Project, release.Feature) || release.Number <= 0))
        {
            throw new ArgumentException($"the new release must be numbered from 1 and belong to {commit.Project}/{commit.Feature}", nameof(commit));
        }

        if (commit.Activation is { } activation && !Owned(commit, activation.Project, activation.Feature))
        {
            throw new ArgumentException($"the activation must belong to {commit.Project}/{commit.Feature}", nameof(commit));
        }

        if (commit.Audit.Any(entry => !Owned(commit, entry.Project, entry.Feature)))
        {
            throw new ArgumentException($"every audit entry must belong to {commit.Project}/{commit.Feature}", nameof(commit));
        }
    }

    private static bool Owned(ReleaseCommit commit, string project, string feature) =>
        string.Equals(project, commit.Project, StringComparison.Ordinal) && string.Equals(feature, commit.Feature, StringComparison.Ordinal);

    private async Task<List<T>> ReadAsync<T>(
        string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var connection = _database.OpenReader();
        await using var command = connection.Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
