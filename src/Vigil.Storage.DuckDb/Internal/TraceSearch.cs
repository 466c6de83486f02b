using Vigil.Core.Queries;
using Vigil.Core.Spans;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Trace search over raw spans: the traces of the project with a span that starts in the range and
/// matches the filters, summarised over all their spans, newest first, paged by keyset on
/// (trace start, trace id).
/// </summary>
/// <remarks>
/// Summarising every matching trace of a month to keep the newest 50 is slow, so the search looks at
/// matching spans in a window at the end of the range first, widening it until the page is certain:
/// a trace with no matching span in [lo, to) starts before lo, so once the page's last trace starts at
/// or after lo, no trace outside the window can belong to the page.
/// </remarks>
internal static class TraceSearch
{
    public const int MaxLimit = 1000;

    // The root: the parentless span, else the earliest (ties by span id), as TraceDetail orders them.
    private const string RootKey = "(parent_span_id IS NOT NULL, start_unix_nano, span_id)";

    private static readonly long FirstWindowMicros = Time.MicrosPerHour;

    public static async Task<TracePage> SearchAsync(DuckDbDatabase database, TraceQuery query, CancellationToken cancellationToken)
    {
        if (query.Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"the limit must be between 1 and {MaxLimit}");
        }

        var cursor = query.Cursor is null ? (TraceCursor?)null : TraceCursor.Decode(query.Cursor);
        var from = Time.ToMicros(query.Range.From);
        var to = Time.ToMicros(query.Range.To);
        var top = cursor is { } c ? Math.Min(to, Time.NanosToMicros(c.StartUnixNano) + 1) : to;
        var window = FirstWindowMicros;
        using var connection = database.OpenReader();
        while (true)
        {
            var lo = Math.Max(from, top - window);
            window *= 4;
            if (lo > from && await CountMatchedAsync(connection, query, lo, to, cancellationToken) <= query.Limit)
            {
                continue;
            }

            var items = await ReadAsync(connection, query, cursor, lo, to, cancellationToken);
            var certain = lo == from || (items.Count > query.Limit && Time.NanosToMicros(items[query.Limit].StartNs) >= lo);
            if (certain)
            {
                return Page(items, query.Limit);
            }
        }
    }

    private static TracePage Page(List<(TraceSummary Summary, long StartNs)> items, int limit)
    {
        if (items.Count <= limit)
        {
            return new TracePage([.. items.Select(i => i.Summary)], null);
        }

        var page = items.Take(limit).ToList();
        var last = page[^1];
        return new TracePage([.. page.Select(i => i.Summary)], new TraceCursor(last.StartNs, last.Summary.TraceId).Encode());
    }

    /// <summary>How many traces have a matching span in [from, to): a cheap look before summarising them.</summary>
    private static async Task<long> CountMatchedAsync(
        DuckDB.NET.Data.DuckDBConnection connection, TraceQuery query, long fromMicros, long toMicros, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        sql.Append($"SELECT count(*) FROM ({Matched(sql, sql.Param(query.ProjectId), query, fromMicros, toMicros)})");
        await using var command = sql.CreateCommand(connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The distinct trace ids with a span in [from, to) that matches the filters. Joining spans on
    /// trace_id alone lets DuckDB push a Bloom filter of these ids into the scan (a two-column join
    /// on trace_key and trace_id does not, and materialises every row).
    /// </summary>
    private static string Matched(SqlBuilder sql, string project, TraceQuery query, long fromMicros, long toMicros)
    {
        var from = sql.Param(fromMicros);
        var to = sql.Param(toMicros);
        var filter = DimensionFilter.Clause(sql, query.Filter, allowUser: true);
        return $"""
            SELECT DISTINCT trace_id FROM (
                SELECT trace_id, {RollupWriter.SpanDimensions}, user_id
                FROM spans
                WHERE project_id = {project} AND start_time >= make_timestamp({from}) AND start_time < make_timestamp({to})
            ) WHERE true{filter}
            """;
    }

    private static async Task<List<(TraceSummary Summary, long StartNs)>> ReadAsync(
        DuckDB.NET.Data.DuckDBConnection connection, TraceQuery query, TraceCursor? cursor, long fromMicros, long toMicros, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        var project = sql.Param(query.ProjectId);
        sql.Append($"""
            WITH matched AS ({Matched(sql, project, query, fromMicros, toMicros)}),
            traces AS (
                SELECT s.trace_id,
                       min(s.start_unix_nano) AS start_ns,
                       max(s.start_unix_nano + s.duration_ns) AS end_ns,
                       count(*) AS span_count,
                       count(*) FILTER (WHERE s.status = 2) AS error_count,
                       coalesce(sum(s.input_tokens), 0)::BIGINT AS input_tokens,
                       coalesce(sum(s.output_tokens), 0)::BIGINT AS output_tokens,
                       coalesce(sum(s.cost), 0)::DECIMAL(38, 10) AS cost,
                       count(*) FILTER (WHERE s.pricing = 2) AS unpriced_calls,
                       arg_min(s.name, {RootKey}) AS root_name,
                       arg_min(s.service, {RootKey}) AS service,
                       arg_min(s.feature, {RootKey}) AS feature,
                       arg_min(s.team, {RootKey}) FILTER (WHERE s.team IS NOT NULL) AS team,
                       arg_min(s.user_id, {RootKey}) FILTER (WHERE s.user_id IS NOT NULL) AS user_id,
                       arg_min(s.release, {RootKey}) FILTER (WHERE s.release IS NOT NULL) AS release,
                       list(DISTINCT coalesce(s.response_model, s.request_model))
                           FILTER (WHERE coalesce(s.response_model, s.request_model) IS NOT NULL) AS models
                FROM spans s SEMI JOIN matched m ON s.trace_id = m.trace_id
                WHERE s.project_id = {project}
                GROUP BY s.trace_id
            )
            SELECT trace_id, start_ns, end_ns, span_count, error_count, input_tokens, output_tokens, cost, unpriced_calls,
                   root_name, service, feature, team, user_id, release, models
            FROM traces
            WHERE true
            """);
        if (query.Status == SpanStatus.Error)
        {
            sql.Append(" AND error_count > 0");
        }
        else if (query.Status == SpanStatus.Ok)
        {
            sql.Append(" AND error_count = 0");
        }

        if (query.MinCost is { } minCost)
        {
            sql.Append($" AND cost >= {sql.Param(minCost)}");
        }

        if (query.MinDurationMs is { } minDuration)
        {
            sql.Append($" AND CAST(end_ns - start_ns AS DOUBLE) / 1000000.0 >= {sql.Param(minDuration)}");
        }

        if (cursor is { } after)
        {
            var start = sql.Param(after.StartUnixNano);
            sql.Append($" AND (start_ns < {start} OR (start_ns = {start} AND trace_id < {sql.Param(after.TraceId)}))");
        }

        sql.Append($" ORDER BY start_ns DESC, trace_id DESC LIMIT {sql.Param(query.Limit + 1)}");

        await using var command = sql.CreateCommand(connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<(TraceSummary Summary, long StartNs)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var start = reader.GetInt64(1);
            items.Add((new TraceSummary
            {
                TraceId = reader.GetString(0),
                Start = DateTimeOffset.UnixEpoch.AddTicks(start / 100),
                DurationMs = (reader.GetInt64(2) - start) / 1_000_000.0,
                SpanCount = checked((int)reader.GetInt64(3)),
                ErrorCount = checked((int)reader.GetInt64(4)),
                InputTokens = reader.GetInt64(5),
                OutputTokens = reader.GetInt64(6),
                Cost = reader.GetDecimal(7),
                UnpricedCalls = checked((int)reader.GetInt64(8)),
                RootName = reader.GetString(9),
                Service = reader.GetString(10),
                Feature = reader.GetString(11),
                Team = reader.IsDBNull(12) ? null : reader.GetString(12),
                UserId = reader.IsDBNull(13) ? null : reader.GetString(13),
                Release = reader.IsDBNull(14) ? null : reader.GetString(14),
                Models = reader.IsDBNull(15) ? [] : [.. reader.GetFieldValue<List<string>>(15).Order(StringComparer.Ordinal)],
            }, start));
        }

        return items;
    }
}
