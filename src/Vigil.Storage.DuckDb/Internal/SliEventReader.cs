using System.Data.Common;
using DuckDB.NET.Data;
using Vigil.Core.Ports;
using Vigil.Core.Slos;
using Vigil.Core.Spans;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Reads SLI events by commit: the spans and evaluations of the batches after a cursor, whole batches
/// only. <c>batch_seq</c> comes from a sequence taken inside the append transaction, and appends are
/// serialised on the single write connection, so batch numbers rise in commit order and a reader that
/// sees batch n sees every batch before it. Rows are appended in batch order, so a predicate on
/// <c>batch_seq</c> skips the row groups of older batches by their zone maps: reading "nothing new"
/// touches only the newest row group of each table.
/// </summary>
internal static class SliEventReader
{
    /// <summary>
    /// The rows each batch after the cursor holds (those passing the since-filter; a batch whose rows all
    /// fail it still shows, with 0, so that the cursor moves past it). A batch holding both spans and
    /// evaluations shows twice. The running total that picks the page is summed in C#: a window over
    /// this in SQL took twice as long to plan and run when nothing is new, and three times as long
    /// from cursor 0 (timing check).
    /// </summary>
    internal const string BatchesSql =
        """
        SELECT batch_seq, count(*) FILTER (WHERE start_unix_nano >= $since), 0::BIGINT
        FROM spans WHERE batch_seq > $after GROUP BY batch_seq
        UNION ALL
        SELECT batch_seq, 0::BIGINT, count(*) FILTER (WHERE time_unix_nano >= $since)
        FROM evaluations WHERE batch_seq > $after GROUP BY batch_seq
        """;

    internal const string SpansSql =
        """
        SELECT project_id, trace_id, parent_span_id, start_unix_nano, duration_ns, status, feature, team, segment, stage,
               provider, coalesce(response_model, request_model), operation, cost, cache_hit
        FROM spans
        WHERE batch_seq > $after AND batch_seq <= $last AND start_unix_nano >= $since
        ORDER BY batch_seq, start_unix_nano
        """;

    /// <summary>
    /// An evaluation rides on the span it evaluated, in the same batch: the join matches on batch_seq
    /// too, and the spans side is cut to the page's batches (one row per span, should a batch hold a
    /// span twice), so it reads no more of spans than the page itself.
    /// </summary>
    internal const string EvaluationsSql =
        """
        SELECT e.project_id, e.trace_id, e.name, e.score_value, e.score_label, e.source, e.time_unix_nano, e.feature,
               s.team, s.segment, s.stage, s.provider, s.model
        FROM evaluations e
        LEFT JOIN (
            SELECT DISTINCT ON (project_id, trace_id, span_id, batch_seq)
                   project_id, trace_id, span_id, batch_seq, team, segment, stage, provider,
                   coalesce(response_model, request_model) AS model
            FROM spans
            WHERE batch_seq > $after AND batch_seq <= $last
        ) s ON s.batch_seq = e.batch_seq AND s.project_id = e.project_id AND s.trace_id = e.trace_id AND s.span_id = e.span_id
        WHERE e.batch_seq > $after AND e.batch_seq <= $last AND e.time_unix_nano >= $since
        ORDER BY e.batch_seq, e.time_unix_nano
        """;

    public static async Task<SliEventPage> ReadAsync(
        DuckDbDatabase database, long afterBatch, long sinceUnixNano, int maxRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        using var connection = database.OpenReader();
        var page = await ReadPageAsync(connection, afterBatch, sinceUnixNano, maxRows, cancellationToken);
        if (page is not { } p)
        {
            return new SliEventPage([], [], afterBatch);
        }

        // Every batch up to p.Last is committed and later commits get higher numbers (appends are
        // serialised), so the rows may be read in statements of their own; only retention could remove
        // some of them in between, and those would be old rows anyway.
        var spans = p.Spans == 0
            ? []
            : await ReadRowsAsync(connection, SpansSql, afterBatch, p.Last, sinceUnixNano, (int)Math.Min(p.Spans, int.MaxValue), ReadSpan, cancellationToken);
        var evaluations = p.Evaluations == 0
            ? []
            : await ReadRowsAsync(connection, EvaluationsSql, afterBatch, p.Last, sinceUnixNano, (int)Math.Min(p.Evaluations, int.MaxValue), ReadEvaluation, cancellationToken);
        return new SliEventPage(spans, evaluations, p.Last);
    }

    private static async Task<(long Last, long Spans, long Evaluations)?> ReadPageAsync(
        DuckDBConnection connection, long afterBatch, long sinceUnixNano, int maxRows, CancellationToken cancellationToken)
    {
        var batches = new List<(long Batch, long Spans, long Evaluations)>();
        await using (var command = connection.Command(BatchesSql, ("after", afterBatch), ("since", sinceUnixNano)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                batches.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        return ChoosePage(batches, maxRows);
    }

    /// <summary>
    /// The batches of one page, from per-batch row counts in any order (a batch may come more than once):
    /// the first batches in commit order, up to the first at which the rows reach <paramref name="maxRows"/>
    /// (at least one batch). Null when there is no batch.
    /// </summary>
    internal static (long Last, long Spans, long Evaluations)? ChoosePage(List<(long Batch, long Spans, long Evaluations)> batches, int maxRows)
    {
        if (batches.Count == 0)
        {
            return null;
        }

        batches.Sort((a, b) => a.Batch.CompareTo(b.Batch));
        long spans = 0, evaluations = 0;
        for (var i = 0; i < batches.Count; i++)
        {
            var (batch, batchSpans, batchEvaluations) = batches[i];
            spans += batchSpans;
            evaluations += batchEvaluations;
            var batchEnds = i == batches.Count - 1 || batches[i + 1].Batch != batch;
            if (batchEnds && spans + evaluations >= maxRows)
            {
                return (batch, spans, evaluations);
            }
        }

        return (batches[^1].Batch, spans, evaluations);
    }

    private static async Task<List<T>> ReadRowsAsync<T>(
        DuckDBConnection connection, string sql, long afterBatch, long lastBatch, long sinceUnixNano, int expected,
        Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>(expected);
        await using var command = connection.Command(sql, ("after", afterBatch), ("last", lastBatch), ("since", sinceUnixNano));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static SliSpan ReadSpan(DbDataReader r) => new()
    {
        ProjectId = r.GetString(0),
        TraceId = r.GetString(1),
        ParentSpanId = String(r, 2),
        StartUnixNano = r.GetInt64(3),
        DurationNano = r.GetInt64(4),
        Status = (SpanStatus)r.GetFieldValue<sbyte>(5),
        Feature = r.GetString(6),
        Team = String(r, 7),
        Segment = String(r, 8),
        Stage = String(r, 9),
        Provider = String(r, 10),
        Model = String(r, 11),
        Operation = String(r, 12),
        Cost = r.IsDBNull(13) ? null : r.GetDecimal(13),
        CacheHit = r.IsDBNull(14) ? null : r.GetBoolean(14),
    };

    private static SliEvaluation ReadEvaluation(DbDataReader r) => new()
    {
        ProjectId = r.GetString(0),
        TraceId = r.GetString(1),
        Name = r.GetString(2),
        ScoreValue = r.IsDBNull(3) ? null : r.GetDouble(3),
        ScoreLabel = String(r, 4),
        Source = r.GetString(5),
        TimeUnixNano = r.GetInt64(6),
        Feature = r.GetString(7),
        Team = String(r, 8),
        Segment = String(r, 9),
        Stage = String(r, 10),
        Provider = String(r, 11),
        Model = String(r, 12),
    };

    private static string? String(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
