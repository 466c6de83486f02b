using System.Data.Common;
using DuckDB.NET.Data;
using Vigil.Core.Evals;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// SQL and row mapping of the eval tables (migration 0007): <c>eval_datasets</c>, <c>eval_dataset_items</c>,
/// <c>eval_runs</c>, <c>eval_run_items</c>. Headers are INSERTed with parameters (times cross as µs);
/// items go through an Appender in the caller's transaction, one row per item, numbered from 0.
/// </summary>
internal static class EvalRows
{
    public const string DatasetColumns =
        "project_id, name, version, item_count, epoch_us(created_at), created_by, note, content_hash";

    public const string DatasetItemColumns = "item_id, input, expected, context, metadata";

    public const string RunColumns =
        "project_id, id, feature, release_id, target, dataset, dataset_version, scorers, epoch_us(started_at), epoch_us(finished_at), " +
        "item_count, error_count, summary, gate, created_by";

    public const string RunItemColumns = "item_id, input, output, error, latency_ms, input_tokens, output_tokens, scores";

    public static bool DatasetVersionExists(DuckDBConnection connection, string project, string name, int version) =>
        connection.ScalarInt64(
            "SELECT count(*) FROM eval_datasets WHERE project_id = $project AND name = $name AND version = $version",
            ("project", project),
            ("name", name),
            ("version", version)) > 0;

    public static bool RunExists(DuckDBConnection connection, string project, string id) =>
        connection.ScalarInt64(
            "SELECT count(*) FROM eval_runs WHERE project_id = $project AND id = $id",
            ("project", project),
            ("id", id)) > 0;

    public static void InsertDataset(DuckDBConnection connection, DatasetVersion version) =>
        connection.Execute(
            """
            INSERT INTO eval_datasets VALUES (
                $project, $name, $version, $item_count, make_timestamp($created_at), $created_by, $note, $content_hash)
            """,
            ("project", version.Project),
            ("name", version.Name),
            ("version", version.Version),
            ("item_count", version.ItemCount),
            ("created_at", Time.ToMicros(version.CreatedAt)),
            ("created_by", version.CreatedBy),
            ("note", version.Note),
            ("content_hash", version.ContentHash));

    public static void AppendDatasetItems(DuckDBConnection connection, DatasetVersion version, IReadOnlyList<DatasetItem> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        using var appender = connection.CreateAppender("eval_dataset_items");
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            appender.CreateRow()
                .AppendValue(version.Project)
                .AppendValue(version.Name)
                .AppendValue(version.Version)
                .AppendValue(i)
                .AppendValue(item.Id)
                .AppendValue(item.Input)
                .AppendValue(item.Expected)
                .AppendValue(EvalJson.SerializeContext(item.Context))
                .AppendValue(EvalJson.SerializeMetadata(item.Metadata))
                .EndRow();
        }

        appender.Close();
    }

    public static void InsertRun(DuckDBConnection connection, EvalRun run) =>
        connection.Execute(
            """
            INSERT INTO eval_runs VALUES (
                $project, $id, $feature, $release_id, $target, $dataset, $dataset_version, $scorers,
                make_timestamp($started_at), make_timestamp($finished_at), $item_count, $error_count, $summary, $gate, $created_by)
            """,
            ("project", run.Project),
            ("id", run.Id),
            ("feature", run.Feature),
            ("release_id", run.ReleaseId),
            ("target", run.Target),
            ("dataset", run.Dataset),
            ("dataset_version", run.DatasetVersion),
            ("scorers", EvalJson.SerializeScorers(run.Scorers)),
            ("started_at", Time.ToMicros(run.StartedAt)),
            ("finished_at", Time.ToMicros(run.FinishedAt)),
            ("item_count", run.ItemCount),
            ("error_count", run.ErrorCount),
            ("summary", EvalJson.SerializeSummary(run.Summary)),
            ("gate", EvalJson.SerializeGate(run.Gate)),
            ("created_by", run.CreatedBy));

    public static void AppendRunItems(DuckDBConnection connection, EvalRun run, IReadOnlyList<EvalItemResult> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        using var appender = connection.CreateAppender("eval_run_items");
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            appender.CreateRow()
                .AppendValue(run.Project)
                .AppendValue(run.Id)
                .AppendValue(i)
                .AppendValue(item.ItemId)
                .AppendValue(item.Input)
                .AppendValue(item.Output)
                .AppendValue(item.Error)
                .AppendValue(item.LatencyMs)
                .AppendValue(item.InputTokens)
                .AppendValue(item.OutputTokens)
                .AppendValue(EvalJson.SerializeScores(item.Scores))
                .EndRow();
        }

        appender.Close();
    }

    /// <summary>A row of <see cref="DatasetColumns"/>.</summary>
    public static DatasetVersion ReadDataset(DbDataReader reader) => new()
    {
        Project = reader.GetString(0),
        Name = reader.GetString(1),
        Version = reader.GetInt32(2),
        ItemCount = reader.GetInt32(3),
        CreatedAt = Time.FromMicros(reader.GetInt64(4)),
        CreatedBy = reader.GetString(5),
        Note = NullableString(reader, 6),
        ContentHash = reader.GetString(7),
    };

    /// <summary>A row of <see cref="DatasetItemColumns"/>.</summary>
    public static DatasetItem ReadDatasetItem(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Input = reader.GetString(1),
        Expected = NullableString(reader, 2),
        Context = EvalJson.DeserializeContext(reader.GetString(3)),
        Metadata = EvalJson.DeserializeMetadata(reader.GetString(4)),
    };

    /// <summary>A row of <see cref="RunColumns"/>.</summary>
    public static EvalRun ReadRun(DbDataReader reader) => new()
    {
        Project = reader.GetString(0),
        Id = reader.GetString(1),
        Feature = reader.GetString(2),
        ReleaseId = NullableString(reader, 3),
        Target = reader.GetString(4),
        Dataset = reader.GetString(5),
        DatasetVersion = reader.GetInt32(6),
        Scorers = EvalJson.DeserializeScorers(reader.GetString(7)),
        StartedAt = Time.FromMicros(reader.GetInt64(8)),
        FinishedAt = Time.FromMicros(reader.GetInt64(9)),
        ItemCount = reader.GetInt32(10),
        ErrorCount = reader.GetInt32(11),
        Summary = EvalJson.DeserializeSummary(reader.GetString(12)),
        Gate = EvalJson.DeserializeGate(NullableString(reader, 13)),
        CreatedBy = reader.GetString(14),
    };

    /// <summary>A row of <see cref="RunItemColumns"/>.</summary>
    public static EvalItemResult ReadRunItem(DbDataReader reader) => new()
    {
        ItemId = reader.GetString(0),
        Input = reader.GetString(1),
        Output = NullableString(reader, 2),
        Error = NullableString(reader, 3),
        LatencyMs = reader.IsDBNull(4) ? null : reader.GetDouble(4),
        InputTokens = reader.IsDBNull(5) ? null : reader.GetInt32(5),
        OutputTokens = reader.IsDBNull(6) ? null : reader.GetInt32(6),
        Scores = EvalJson.DeserializeScores(reader.GetString(7)),
    };

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
