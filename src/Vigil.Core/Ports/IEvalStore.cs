using Vigil.Core.Evals;

namespace Vigil.Core.Ports;

/// <summary>
/// Where evaluation datasets (immutable, numbered versions of JSONL items) and offline runs (summary,
/// gate verdict and per-item detail) live. Each write is one transaction: a version or a run is stored
/// whole or not at all.
/// </summary>
public interface IEvalStore
{
    /// <summary>
    /// Stores a new version of a dataset with its items. Throws <see cref="DatasetVersionConflictException"/>
    /// — and writes nothing — when the version number is taken (another writer won the race).
    /// </summary>
    Task SaveDatasetVersionAsync(DatasetVersion version, IReadOnlyList<DatasetItem> items, CancellationToken cancellationToken);

    /// <summary>The latest version of every dataset of the project, by name.</summary>
    Task<IReadOnlyList<DatasetVersion>> ListDatasetsAsync(string project, CancellationToken cancellationToken);

    /// <summary>Every version of a dataset, oldest first (empty when there is no such dataset).</summary>
    Task<IReadOnlyList<DatasetVersion>> ListDatasetVersionsAsync(string project, string name, CancellationToken cancellationToken);

    /// <summary>A version (the latest when <paramref name="version"/> is null) with its items in stored order, or null when absent.</summary>
    Task<(DatasetVersion Version, IReadOnlyList<DatasetItem> Items)?> GetDatasetAsync(string project, string name, int? version, CancellationToken cancellationToken);

    /// <summary>Stores a finished run with its items. Throws <see cref="ArgumentException"/> when the id is taken.</summary>
    Task SaveRunAsync(EvalRun run, IReadOnlyList<EvalItemResult> items, CancellationToken cancellationToken);

    Task<EvalRun?> GetRunAsync(string project, string runId, CancellationToken cancellationToken);

    /// <summary>A run's items, in dataset order.</summary>
    Task<IReadOnlyList<EvalItemResult>> GetRunItemsAsync(string project, string runId, CancellationToken cancellationToken);

    /// <summary>Runs newest first, at most <paramref name="limit"/>, narrowed by any of feature, release and dataset name.</summary>
    Task<IReadOnlyList<EvalRun>> ListRunsAsync(string project, EvalRunFilter filter, int limit, CancellationToken cancellationToken);
}

/// <summary>Which runs to list; a null field does not narrow.</summary>
public sealed record EvalRunFilter(string? Feature = null, string? ReleaseId = null, string? Dataset = null);

/// <summary>The dataset version being saved exists already; reread the latest and retry.</summary>
public sealed class DatasetVersionConflictException : Exception
{
    public DatasetVersionConflictException()
    {
    }

    public DatasetVersionConflictException(string message)
        : base(message)
    {
    }

    public DatasetVersionConflictException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
