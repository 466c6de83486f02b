using Vigil.Core;
using Vigil.Core.Evals;
using Vigil.Core.Ports;

namespace Vigil.Server.Evaluation.Datasets;

/// <summary>
/// Datasets without HTTP: import JSONL (replacing the dataset or adding to it), list, export, and turn
/// production traces into items. Every change makes a new immutable version; a change that leaves
/// the items as they are makes none. The endpoints and the CLI's embedded-store backend both call it.
/// </summary>
public sealed class DatasetService(IEvalStore store, ITelemetryStore telemetry, TimeProvider time)
{
    /// <summary>Most items a dataset version may hold.</summary>
    public const int MaxItems = 100_000;

    /// <summary>Most traces one request may add.</summary>
    public const int MaxTraces = 1_000;

    private const int ConflictRetries = 3;

    public async Task<DatasetListJson> ListAsync(string project, CancellationToken cancellationToken) =>
        new(await store.ListDatasetsAsync(project, cancellationToken));

    public async Task<Outcome<DatasetVersionsJson>> VersionsAsync(string project, string name, CancellationToken cancellationToken)
    {
        if (!DatasetNames.IsValid(name))
        {
            return InvalidName(name);
        }

        var versions = await store.ListDatasetVersionsAsync(project, name, cancellationToken);
        return versions.Count == 0 ? NotFound(name) : Outcome<DatasetVersionsJson>.Ok(new DatasetVersionsJson(name, versions));
    }

    /// <summary>A version (<c>name</c> or <c>name@version</c>) with its items.</summary>
    public async Task<Outcome<DatasetContent>> GetAsync(string project, string reference, CancellationToken cancellationToken)
    {
        if (!DatasetRef.TryParse(reference, out var name, out var version, out var error))
        {
            return new Refusal(RefusalKind.Invalid, "dataset: " + error);
        }

        var found = await store.GetDatasetAsync(project, name, version, cancellationToken);
        return found is { } f
            ? Outcome<DatasetContent>.Ok(new DatasetContent(f.Version, f.Items))
            : Missing(name, version);
    }

    /// <summary>
    /// Imports JSONL: <see cref="DatasetImportMode.Replace"/> makes the file the whole new version;
    /// <see cref="DatasetImportMode.Append"/> adds its items to the latest version, an item whose id is
    /// already there replacing the old one. A file with any problem imports nothing.
    /// </summary>
    public async Task<Outcome<DatasetChangeJson>> ImportAsync(
        string project, string name, string jsonl, DatasetImportMode mode, string? note, string actor, CancellationToken cancellationToken)
    {
        if (!DatasetNames.IsValid(name))
        {
            return InvalidName(name);
        }

        var parsed = DatasetJsonl.Parse(jsonl);
        if (!parsed.IsValid)
        {
            return new Refusal(RefusalKind.Invalid, [.. parsed.Problems.Select(p => "body: " + p)]);
        }

        return await ChangeAsync(project, name, parsed.Items, mode, note ?? $"imported {parsed.Items.Count} items ({mode.ToString().ToLowerInvariant()})", actor, cancellationToken);
    }

    /// <summary>
    /// Adds production traces to a dataset (made when absent): the user input of each trace's generation,
    /// its retrieved documents as context, its answer as the expected output when
    /// <paramref name="answerAsExpected"/>, and its feature, release, segment and trace id as metadata.
    /// Unknown traces, or traces without captured content, refuse the whole request.
    /// </summary>
    public async Task<Outcome<DatasetChangeJson>> AddTracesAsync(
        string project, string name, IReadOnlyList<string> traceIds, bool answerAsExpected, string? note, string actor, CancellationToken cancellationToken)
    {
        if (!DatasetNames.IsValid(name))
        {
            return InvalidName(name);
        }

        var problems = TraceItems.CheckIds(traceIds, MaxTraces);
        if (problems.Count > 0)
        {
            return new Refusal(RefusalKind.Invalid, problems);
        }

        var items = new List<DatasetItem>();
        var missing = new List<string>();
        var empty = new List<string>();
        foreach (var traceId in traceIds.Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal))
        {
            var trace = await telemetry.GetTraceAsync(project, traceId, cancellationToken);
            if (trace is null)
            {
                missing.Add(traceId);
            }
            else if (TraceItems.From(trace, answerAsExpected) is { } item)
            {
                items.Add(item);
            }
            else
            {
                empty.Add(traceId);
            }
        }

        if (missing.Count > 0)
        {
            return new Refusal(RefusalKind.NotFound, $"no trace {string.Join(", ", missing)} in project '{project}' (expired, or not sent yet?)");
        }

        if (empty.Count > 0)
        {
            return new Refusal(RefusalKind.Invalid,
                $"traceIds: trace {string.Join(", ", empty)} holds no captured input and answer to make an item of (content capture is opt-in: OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true)");
        }

        return await ChangeAsync(project, name, items, DatasetImportMode.Append, note ?? $"added {items.Count} production trace(s)", actor, cancellationToken);
    }

    /// <summary>Adds items to a dataset (made when absent); used for the inputs the eval set misses.</summary>
    internal Task<Outcome<DatasetChangeJson>> AddItemsAsync(
        string project, string name, IReadOnlyList<DatasetItem> items, string note, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(project, name, items, DatasetImportMode.Append, note, actor, cancellationToken);

    private async Task<Outcome<DatasetChangeJson>> ChangeAsync(
        string project, string name, IReadOnlyList<DatasetItem> incoming, DatasetImportMode mode, string note, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var latest = await store.GetDatasetAsync(project, name, null, cancellationToken);
            var merged = mode == DatasetImportMode.Replace || latest is null ? incoming : Merge(latest.Value.Items, incoming);
            if (merged.Count > MaxItems)
            {
                return new Refusal(RefusalKind.Invalid, $"body: the dataset would hold {merged.Count} items; at most {MaxItems} are allowed");
            }

            var hash = DatasetJsonl.Hash(merged);
            if (latest is { } l && l.Version.ContentHash == hash)
            {
                return Outcome<DatasetChangeJson>.Ok(new DatasetChangeJson(l.Version, Unchanged: true, Added: 0, Updated: 0));
            }

            var before = latest?.Items.ToDictionary(i => i.Id, StringComparer.Ordinal) ?? [];
            var version = new DatasetVersion
            {
                Project = project,
                Name = name,
                Version = (latest?.Version.Version ?? 0) + 1,
                ItemCount = merged.Count,
                CreatedAt = time.GetUtcNow(),
                CreatedBy = actor,
                Note = note,
                ContentHash = hash,
            };
            try
            {
                await store.SaveDatasetVersionAsync(version, merged, cancellationToken);
            }
            catch (DatasetVersionConflictException) when (attempt < ConflictRetries)
            {
                continue;
            }
            catch (DatasetVersionConflictException)
            {
                return new Refusal(RefusalKind.Conflict, $"dataset '{name}' kept changing while this change was saved; try again");
            }

            var added = incoming.Count(i => !before.ContainsKey(i.Id));
            var updated = incoming.Count(i => before.TryGetValue(i.Id, out var old) && !old.Equals(i));
            return Outcome<DatasetChangeJson>.Ok(new DatasetChangeJson(version, Unchanged: false, added, updated));
        }
    }

    /// <summary>The old items in their order, each replaced by an incoming item of the same id, then the new ones.</summary>
    private static List<DatasetItem> Merge(IReadOnlyList<DatasetItem> old, IReadOnlyList<DatasetItem> incoming)
    {
        var byId = incoming.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var merged = old.Select(o => byId.Remove(o.Id, out var replacement) ? replacement : o).ToList();
        merged.AddRange(incoming.Where(i => byId.ContainsKey(i.Id)));
        return merged;
    }

    /// <summary>The refusal for a dataset (or a version of it) that does not exist.</summary>
    internal static Refusal Missing(string name, int? version) =>
        new(RefusalKind.NotFound, version is null ? $"no dataset '{name}'" : $"dataset '{name}' has no version {version}");

    private static Refusal InvalidName(string name) =>
        new(RefusalKind.Invalid, $"name: '{name}' is not a valid dataset name (letters, digits, '-', '_' and '.', 1–64 characters)");

    private static Refusal NotFound(string name) => new(RefusalKind.NotFound, $"no dataset '{name}'");
}

/// <summary>How an import treats the dataset's latest version.</summary>
public enum DatasetImportMode
{
    /// <summary>The file becomes the whole new version.</summary>
    Replace,

    /// <summary>The file's items are added; one with an existing id replaces it.</summary>
    Append,
}

/// <summary>A dataset version with its items.</summary>
public sealed record DatasetContent(DatasetVersion Version, IReadOnlyList<DatasetItem> Items);

/// <summary>Every dataset with its latest version, by name.</summary>
public sealed record DatasetListJson(IReadOnlyList<DatasetVersion> Datasets);

/// <summary>A dataset's versions, oldest first.</summary>
public sealed record DatasetVersionsJson(string Name, IReadOnlyList<DatasetVersion> Versions);

/// <summary>What a change did: the version it made (or the unchanged latest), items added and items updated.</summary>
public sealed record DatasetChangeJson(DatasetVersion Version, bool Unchanged, int Added, int Updated);
