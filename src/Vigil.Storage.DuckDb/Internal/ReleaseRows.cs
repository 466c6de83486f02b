using System.Data.Common;
using DuckDB.NET.Data;
using Vigil.Core.Releases;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// SQL and row mapping of the release tables (migration 0005): <c>releases</c>,
/// <c>release_activations</c>, <c>release_audit</c>. Every value is a parameter; times cross as µs.
/// </summary>
internal static class ReleaseRows
{
    public const string ReleaseColumns =
        "project_id, feature, number, description, model_provider, model, model_parameters, prompt_version, prompt_template, " +
        "index_name, index_version, routing_version, routing_primaries, routing_fallbacks, epoch_us(created_at), created_by, " +
        "rolled_back_to, rolled_back_axes";

    public const string ActivationColumns =
        "project_id, feature, release_id, previous_release_id, epoch_us(occurred_at), actor, reason, changes";

    public const string AuditColumns =
        "epoch_us(occurred_at), actor, action, project_id, feature, release_id, from_release_id, reason, changes";

    /// <summary>The release id of the feature's latest activation, or null when it has none.</summary>
    public static string? ActiveReleaseId(DuckDBConnection connection, string project, string feature)
    {
        using var command = connection.Command(
            "SELECT release_id FROM release_activations WHERE project_id = $project AND feature = $feature ORDER BY seq DESC LIMIT 1",
            ("project", project),
            ("feature", feature));
        return command.ExecuteScalar() as string;
    }

    public static bool ReleaseExists(DuckDBConnection connection, string project, string feature, int number) =>
        connection.ScalarInt64(
            "SELECT count(*) FROM releases WHERE project_id = $project AND feature = $feature AND number = $number",
            ("project", project),
            ("feature", feature),
            ("number", number)) > 0;

    public static void InsertRelease(DuckDBConnection connection, Release release) =>
        connection.Execute(
            """
            INSERT INTO releases VALUES (
                $project, $feature, $number, $description, $provider, $model, $parameters, $prompt_version, $prompt_template,
                $index_name, $index_version, $routing_version, $primaries, $fallbacks, make_timestamp($created_at), $created_by,
                $rolled_back_to, $rolled_back_axes)
            """,
            ("project", release.Project),
            ("feature", release.Feature),
            ("number", release.Number),
            ("description", release.Description),
            ("provider", release.Model.Provider),
            ("model", release.Model.Model),
            ("parameters", ReleaseJson.SerializeParameters(release.Model.Parameters)),
            ("prompt_version", release.Prompt.Version),
            ("prompt_template", release.Prompt.Template),
            ("index_name", release.Index?.Name),
            ("index_version", release.Index?.Version),
            ("routing_version", release.Routing.Version),
            ("primaries", ReleaseJson.SerializeTargets(release.Routing.Primaries)),
            ("fallbacks", ReleaseJson.SerializeTargets(release.Routing.Fallbacks)),
            ("created_at", Time.ToMicros(release.CreatedAt)),
            ("created_by", release.CreatedBy),
            ("rolled_back_to", release.RolledBackTo?.ReleaseId),
            ("rolled_back_axes", release.RolledBackTo is { } origin ? ReleaseAxisNames.FormatList(origin.Axes) : null));

    public static void InsertActivation(DuckDBConnection connection, ReleaseActivation activation) =>
        connection.Execute(
            """
            INSERT INTO release_activations VALUES (
                $project, $feature, nextval('release_event_seq'), $release_id, $previous_release_id, make_timestamp($at), $actor, $reason, $changes)
            """,
            ("project", activation.Project),
            ("feature", activation.Feature),
            ("release_id", activation.ReleaseId),
            ("previous_release_id", activation.PreviousReleaseId),
            ("at", Time.ToMicros(activation.At)),
            ("actor", activation.Actor),
            ("reason", activation.Reason),
            ("changes", ReleaseJson.SerializeChanges(activation.Changes)));

    public static void InsertAudit(DuckDBConnection connection, AuditEntry entry) =>
        connection.Execute(
            """
            INSERT INTO release_audit VALUES (
                $project, $feature, nextval('release_event_seq'), make_timestamp($at), $actor, $action, $release_id, $from_release_id, $reason, $changes)
            """,
            ("project", entry.Project),
            ("feature", entry.Feature),
            ("at", Time.ToMicros(entry.At)),
            ("actor", entry.Actor),
            ("action", FormatAction(entry.Action)),
            ("release_id", entry.ReleaseId),
            ("from_release_id", entry.FromReleaseId),
            ("reason", entry.Reason),
            ("changes", ReleaseJson.SerializeChanges(entry.Changes)));

    /// <summary>A row of <see cref="ReleaseColumns"/>.</summary>
    public static Release ReadRelease(DbDataReader reader) => new()
    {
        Project = reader.GetString(0),
        Feature = reader.GetString(1),
        Number = reader.GetInt32(2),
        Description = NullableString(reader, 3),
        Model = new ModelAxis(reader.GetString(4), reader.GetString(5), ReleaseJson.DeserializeParameters(reader.GetString(6))),
        Prompt = new PromptAxis(reader.GetString(7), reader.GetString(8)),
        Index = reader.IsDBNull(9) ? null : new IndexAxis(reader.GetString(9), reader.GetString(10)),
        Routing = new RoutingAxis(
            reader.GetString(11), ReleaseJson.DeserializeTargets(reader.GetString(12)), ReleaseJson.DeserializeTargets(reader.GetString(13))),
        CreatedAt = Time.FromMicros(reader.GetInt64(14)),
        CreatedBy = reader.GetString(15),
        RolledBackTo = reader.IsDBNull(16)
            ? null
            : new RollbackOrigin(reader.GetString(16), ReleaseAxisNames.ParseList(NullableString(reader, 17) ?? string.Empty)),
    };

    /// <summary>A row of <see cref="ActivationColumns"/>.</summary>
    public static ReleaseActivation ReadActivation(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        NullableString(reader, 3),
        Time.FromMicros(reader.GetInt64(4)),
        reader.GetString(5),
        reader.GetString(6),
        ReleaseJson.DeserializeChanges(reader.GetString(7)));

    /// <summary>A row of <see cref="AuditColumns"/>.</summary>
    public static AuditEntry ReadAudit(DbDataReader reader) => new(
        Time.FromMicros(reader.GetInt64(0)),
        reader.GetString(1),
        ParseAction(reader.GetString(2)),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        NullableString(reader, 6),
        reader.GetString(7),
        ReleaseJson.DeserializeChanges(reader.GetString(8)));

    private static string FormatAction(ReleaseAction action) => action switch
    {
        ReleaseAction.Create => "create",
        ReleaseAction.Activate => "activate",
        ReleaseAction.Rollback => "rollback",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not a release action"),
    };

    private static ReleaseAction ParseAction(string action) => action switch
    {
        "create" => ReleaseAction.Create,
        "activate" => ReleaseAction.Activate,
        "rollback" => ReleaseAction.Rollback,
        _ => throw new InvalidDataException($"'{action}' is not a stored release action"),
    };

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
