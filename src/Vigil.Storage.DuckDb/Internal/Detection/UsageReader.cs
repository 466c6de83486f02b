using System.Data.Common;
using System.Globalization;
using Vigil.Core.Detection;
using Vigil.Core.Queries;
using static Vigil.Storage.DuckDb.Internal.Detection.DetectionSql;

namespace Vigil.Storage.DuckDb.Internal.Detection;

/// <summary>
/// LLM usage per hour from raw spans: per group of the query's dimensions (<see cref="ReadUsageAsync"/>) and,
/// for the calls whose span reported a billed cost, per provider and model (<see cref="ReadBilledAsync"/>).
/// Hours are aligned to the epoch (UTC); the range is half-open on span start.
/// </summary>
internal static class UsageReader
{
    /// <summary>
    /// Tasks count the distinct traces of every span of the group in the hour; calls, tokens and cost only its
    /// LLM calls. A group with no LLM call in the hour (a root span that names no model, say) is left out.
    /// </summary>
    public static async Task<IReadOnlyList<UsageHour>> ReadUsageAsync(DuckDbDatabase database, UsageQuery query, CancellationToken cancellationToken)
    {
        var from = Nanos(query.Range.From);
        var to = Nanos(query.Range.To);
        if (to <= from)
        {
            return [];
        }

        var dimensions = query.Dimensions;
        var sql = new SqlBuilder();
        var hour = sql.Param(NanosPerHour);
        var keys = string.Concat(dimensions.Select((d, i) => string.Create(CultureInfo.InvariantCulture, $", {Column(d)} AS d{i}")));
        sql.Append($"""
            SELECT ({hour} * (start_unix_nano // {hour}))::BIGINT AS hour{keys},
                   count(DISTINCT trace_id)::BIGINT,
                   count(*) FILTER (WHERE {IsLlmCall})::BIGINT,
                   coalesce(sum(input_tokens) FILTER (WHERE {IsLlmCall}), 0)::BIGINT,
                   coalesce(sum(output_tokens) FILTER (WHERE {IsLlmCall}), 0)::BIGINT,
                   coalesce(sum({Cost}) FILTER (WHERE {IsLlmCall}), 0)::DOUBLE
            FROM spans
            WHERE project_id = {sql.Param(query.ProjectId)}
              AND start_unix_nano >= {sql.Param(from)} AND start_unix_nano < {sql.Param(to)}
            """);
        if (query.Feature is not null)
        {
            sql.Append($" AND feature = {sql.Param(query.Feature)}");
        }

        var positions = string.Join(", ", Enumerable.Range(1, dimensions.Count + 1).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        sql.Append($" GROUP BY {positions} HAVING count(*) FILTER (WHERE {IsLlmCall}) > 0 ORDER BY {string.Join(", ", Enumerable.Range(1, dimensions.Count + 1).Select(i => i.ToString(CultureInfo.InvariantCulture) + " NULLS FIRST"))}");

        var n = dimensions.Count;
        return await ReadRowsAsync(database, sql, r => new UsageHour(
            Keys(r, n), FromNanos(r.GetInt64(0)), r.GetInt64(n + 1), r.GetInt64(n + 2), r.GetInt64(n + 3), r.GetInt64(n + 4), r.GetDouble(n + 5)),
            cancellationToken);
    }

    /// <summary>
    /// The LLM calls with a reported cost per provider, model and hour. A call without provider or model counts
    /// under the empty name; the catalog cost of a call Vigil could not price is 0.
    /// </summary>
    public static async Task<IReadOnlyList<BilledHour>> ReadBilledAsync(DuckDbDatabase database, string projectId, TimeRange range, CancellationToken cancellationToken)
    {
        var from = Nanos(range.From);
        var to = Nanos(range.To);
        if (to <= from)
        {
            return [];
        }

        var sql = new SqlBuilder();
        var hour = sql.Param(NanosPerHour);
        sql.Append($"""
            SELECT coalesce(provider, '') AS provider, coalesce({Model}, '') AS model, ({hour} * (start_unix_nano // {hour}))::BIGINT AS hour,
                   count(*)::BIGINT,
                   coalesce(sum(input_tokens), 0)::BIGINT,
                   coalesce(sum(output_tokens), 0)::BIGINT,
                   coalesce(sum(coalesce(cost, 0)), 0)::DOUBLE,
                   sum(reported_cost)::DOUBLE
            FROM spans
            WHERE project_id = {sql.Param(projectId)}
              AND start_unix_nano >= {sql.Param(from)} AND start_unix_nano < {sql.Param(to)}
              AND {IsLlmCall} AND reported_cost IS NOT NULL
            GROUP BY 1, 2, 3
            ORDER BY 3, 1, 2
            """);
        return await ReadRowsAsync(database, sql, r => new BilledHour(
            r.GetString(0), r.GetString(1), FromNanos(r.GetInt64(2)), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetDouble(6), r.GetDouble(7)),
            cancellationToken);
    }

    private static string Column(UsageDimension dimension) => dimension switch
    {
        UsageDimension.Feature => "feature",
        UsageDimension.Team => "team",
        UsageDimension.Model => Model,
        UsageDimension.Provider => "provider",
        UsageDimension.Release => "release",
        UsageDimension.PromptVersion => "prompt_version",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "unknown usage dimension"),
    };

    private static string?[] Keys(DbDataReader r, int count)
    {
        var keys = new string?[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = String(r, i + 1);
        }

        return keys;
    }
}
