using System.Globalization;
using Vigil.Core.Detection;
using Vigil.Core.Queries;
using static Vigil.Storage.DuckDb.Internal.Detection.DetectionSql;

namespace Vigil.Storage.DuckDb.Internal.Detection;

/// <summary>
/// Root spans per feature in the range and, per required attribute, how many lack it. Attributes that ingestion
/// maps to a column (under the names <c>Vigil.Ingest.GenAi.GenAiAttributes</c> reads, plus the underscore
/// spellings of Vigil's version attributes) are read from it; any other is looked up in the <c>attributes</c>
/// JSON. A span lacks an attribute when the value is null or empty. Every requested name is in each answer.
/// </summary>
internal static class AuditCountReader
{
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["user.id"] = "user_id",
        ["enduser.id"] = "user_id",
        ["session.id"] = "session_id",
        ["gen_ai.conversation.id"] = "conversation_id",
        ["vigil.feature"] = "feature",
        ["service.name"] = "service",
        ["vigil.team"] = "team",
        ["vigil.release"] = "release",
        ["vigil.prompt.version"] = "prompt_version",
        ["vigil.prompt_version"] = "prompt_version",
        ["vigil.index.version"] = "index_version",
        ["vigil.index_version"] = "index_version",
        ["vigil.routing.version"] = "routing_version",
        ["vigil.routing_version"] = "routing_version",
        ["vigil.segment"] = "segment",
        ["deployment.environment"] = "environment",
        ["deployment.environment.name"] = "environment",
        ["gen_ai.operation.name"] = "operation",
        ["gen_ai.provider.name"] = "provider",
        ["gen_ai.request.model"] = "request_model",
        ["gen_ai.response.model"] = "response_model",
    };

    /// <summary>The column an attribute is mapped to, or null when it stays in the attribute map.</summary>
    internal static string? ColumnOf(string attribute) => Columns.GetValueOrDefault(attribute);

    public static async Task<IReadOnlyList<AuditCounts>> ReadAsync(
        DuckDbDatabase database, string projectId, TimeRange range, IReadOnlyList<string> attributes, CancellationToken cancellationToken)
    {
        var from = Nanos(range.From);
        var to = Nanos(range.To);
        if (to <= from)
        {
            return [];
        }

        var names = attributes.Distinct(StringComparer.Ordinal).ToList();
        var sql = new SqlBuilder();
        var missing = string.Concat(names.Select((name, i) =>
        {
            var value = ColumnOf(name) ?? $"json_extract_string(attributes, {sql.Param(JsonPointer(name))})";
            return string.Create(CultureInfo.InvariantCulture, $", count(*) FILTER (WHERE coalesce({value}, '') = '')::BIGINT AS m{i}");
        }));
        sql.Append($"""
            SELECT feature, count(*)::BIGINT{missing}
            FROM spans
            WHERE project_id = {sql.Param(projectId)} AND parent_span_id IS NULL
              AND start_unix_nano >= {sql.Param(from)} AND start_unix_nano < {sql.Param(to)}
            GROUP BY feature
            ORDER BY feature
            """);
        return await ReadRowsAsync(database, sql, r =>
        {
            var counts = new Dictionary<string, long>(names.Count, StringComparer.Ordinal);
            for (var i = 0; i < names.Count; i++)
            {
                counts[names[i]] = r.GetInt64(i + 2);
            }

            return new AuditCounts(r.GetString(0), r.GetInt64(1), counts);
        }, cancellationToken);
    }
}
