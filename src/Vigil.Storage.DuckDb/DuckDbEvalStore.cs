using System.Data.Common;
using DuckDB.NET.Data;
using Vigil.Core.Evals;
using Vigil.Core.Ports;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb;

/// <summary>
/// <see cref="IEvalStore"/> in the same DuckDB file as the telemetry (tables <c>eval_datasets</c>,
/// <c>eval_dataset_items</c>, <c>eval_runs</c>, <c>eval_run_items</c>; migration 0007). Each save checks
/// and writes in one transaction on the single write connection: the header by INSERT, the items by
/// Appender (thousands of items in one go, not a round trip each), so a refused or failed save writes nothing.
/// </summary>
/// <remarks>
/// Times are stored as UTC with microsecond precision: a time read back equals the time written
/// truncated to the microsecond (with offset zero). Run ids are unique within a project. Runs are
/// listed newest first by start time, ties broken by id (descending, ordinal).
/// </remarks>
public sealed class DuckDbEvalStore : IEvalStore
{
    private readonly DuckDbDatabase _database;

    public DuckDbEvalStore(DuckDbDatabase database) => _database = database;

    public Task SaveDatasetVersionAsync(DatasetVersion version, IReadOnlyList<DatasetItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(items);
        if (version.Version < 1)
        {
            throw new ArgumentException($"dataset versions are numbered from 1, not {version.Version}", nameof(version));
        }

        if (version.ItemCount != items.Count)
        {
            throw new ArgumentException($"{version.Ref} says it has {version.ItemCount} items but {items.Count} were given", nameof(items));
        }

        RequireUniqueIds(items.Select(i => i.Id), version.Ref, nameof(items));
        return _database.WriteAsync(
            connection => Transactions.Run(connection, c =>
            {
                if (EvalRows.DatasetVersionExists(c, version.Project, version.Name, version.Version))
                {
                    throw new DatasetVersionConflictException($"dataset {version.Ref} exists already");
                }

                EvalRows.InsertDataset(c, version);
                EvalRows.AppendDatasetItems(c, version, items);
                return true;
            }),
            cancellationToken);
    }

    public async Task<IReadOnlyList<DatasetVersion>> ListDatasetsAsync(string project, CancellationToken cancellationToken)
    {
        using var connection = _database.OpenReader();
        return await ReadAsync(
            connection,
            $"""
            SELECT {EvalRows.DatasetColumns} FROM eval_datasets
            WHERE project_id = $project
            QUALIFY row_number() OVER (PARTITION BY name ORDER BY version DESC) = 1
            ORDER BY name
            """,
            EvalRows.ReadDataset,
            cancellationToken,
            ("project", project));
    }

    public async Task<IReadOnlyList<DatasetVersion>> ListDatasetVersionsAsync(string project, string name, CancellationToken cancellationToken)
    {
        using var connection = _database.OpenReader();
        return await ReadAsync(
            connection,
            $"SELECT {EvalRows.DatasetColumns} FROM eval_datasets WHERE project_id = $project AND name = $name ORDER BY version",
            EvalRows.ReadDataset,
            cancellationToken,
            ("project", project),
            ("name", name));
    }

    public async Task<(DatasetVersion Version, IReadOnlyList<DatasetItem> Items)?> GetDatasetAsync(
        string project, string name, int? version, CancellationToken cancellationToken)
    {
        using var connection = _database.OpenReader();
        var versions = await ReadAsync(
            connection,
            $"""
            SELECT {EvalRows.DatasetColumns} FROM eval_datasets
            WHERE project_id = $project AND name = $name AND ($version IS NULL OR version = $version)
            ORDER BY version DESC
            LIMIT 1
            """,
            EvalRows.ReadDataset,
            cancellationToken,
            ("project", project),
            ("name", name),
            ("version", version));
        if (versions.Count == 0)
        {
            return null;
        }

        // Versions are immutable: the items read on a second statement belong to the version just read.
        var found = versions[0];
        var items = await ReadAsync(
            connection,
            $"""
            SELECT {EvalRows.DatasetItemColumns} FROM eval_dataset_items
            WHERE project_id = $project AND name = $name AND version = $version
            ORDER BY ordinal
            """,
            EvalRows.ReadDatasetItem,
            cancellationToken,
            ("project", project),
            ("name", name),
            ("version", found.Version));
        return (found, items);
    }

    public Task SaveRunAsync(EvalRun run, IReadOnlyList<EvalItemResult> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(items);
        if (run.ItemCount != items.Count)
        {
            throw new ArgumentException($"run {run.Id} says it has {run.ItemCount} items but {items.Count} were given", nameof(items));
        }

        RequireUniqueIds(items.Select(i => i.ItemId), "run " + run.Id, nameof(items));
        return _database.WriteAsync(
            connection => Transactions.Run(connection, c =>
            {
                if (EvalRows.RunExists(c, run.Project, run.Id))
                {
                    throw new ArgumentException($"{run.Project} already has a run {run.Id}", nameof(run));
                }

                EvalRows.InsertRun(c, run);
                EvalRows.AppendRunItems(c, run, items);
                return true;
            }),
            cancellationToken);
    }

    public async Task<EvalRun?> GetRunAsync(string project, string runId, CancellationToken cancellationToken)
    {
        using var connection = _database.OpenReader();
        var runs = await ReadAsync(
            connection,
            $"SELECT {EvalRows.RunColumns} FROM eval_runs WHERE project_id = $project AND id = $id",
            EvalRows.ReadRun,
            cancellationToken,
            ("project", project),
            ("id", runId));
        return runs.Count == 0 ? null : runs[0];
    }

    public async Task<IReadOnlyList<EvalItemResult>> GetRunItemsAsync(string project, string runId, CancellationToken cancellationToken)
    {
        using var connection = _database.OpenReader();
        return await ReadAsync(
            connection,
            $"SELECT {EvalRows.RunItemColumns} FROM eval_run_items WHERE project_id = $project AND run_id = $id ORDER BY ordinal",
            EvalRows.ReadRunItem,
            cancellationToken,
            ("project", project),
            ("id", runId));
    }

    public async Task<IReadOnlyList<EvalRun>> ListRunsAsync(string project, EvalRunFilter filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        using var connection = _database.OpenReader();
        return await ReadAsync(
            connection,
            $"""
            SELECT {EvalRows.RunColumns} FROM eval_runs
            WHERE project_id = $project
              AND ($feature IS NULL OR feature = $feature)
              AND ($release_id IS NULL OR release_id = $release_id)
              AND ($dataset IS NULL OR dataset = $dataset)
            ORDER BY started_at DESC, id DESC
            LIMIT $limit
            """,
            EvalRows.ReadRun,
            cancellationToken,
            ("project", project),
            ("feature", filter.Feature),
            ("release_id", filter.ReleaseId),
            ("dataset", filter.Dataset),
            ("limit", (long)limit));
    }

    /// <summary>Items are paired across runs by id, so a version or a run may hold each id once.</summary>
    private static void RequireUniqueIds(IEnumerable<string> ids, string owner, string parameterName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!seen.Add(id))
            {
                throw new ArgumentException($"{owner} holds item '{id}' twice", parameterName);
            }
        }
    }

    private static async Task<List<T>> ReadAsync<T>(
        DuckDBConnection connection, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
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
