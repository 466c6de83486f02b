using System.Data.Common;

namespace Vigil.Storage.DuckDb.Internal.Detection;

/// <summary>
/// What the detector readers share: which spans are LLM calls, the half-open nanosecond range every
/// query filters on, epoch-aligned buckets, and reading a statement's rows on a reader connection.
/// </summary>
internal static class DetectionSql
{
    public const long NanosPerMinute = 60_000_000_000;
    public const long NanosPerHour = 60 * NanosPerMinute;

    /// <summary>An LLM call: chat, text completion, content generation or embeddings (a fixed fragment).</summary>
    public const string IsLlmCall = "operation IN ('chat', 'text_completion', 'generate_content', 'embeddings')";

    /// <summary>A step of an agent: an LLM call or a tool execution.</summary>
    public const string IsStep = "operation IN ('chat', 'text_completion', 'generate_content', 'embeddings', 'execute_tool')";

    /// <summary>The requested model, else the response model.</summary>
    public const string Model = "coalesce(request_model, response_model)";

    /// <summary>What Vigil priced, else what the span reported.</summary>
    public const string Cost = "coalesce(cost, reported_cost)";

    /// <summary>
    /// How far after the range (and, for traces found by a span in it, before) the other spans of a trace
    /// are looked for. Bounding the trace scan keeps it on the range's row groups; spans of a trace further
    /// away than this are not counted.
    /// </summary>
    public static readonly long TraceMarginNanos = NanosPerHour;

    /// <summary>Nanoseconds since the epoch, clamped to what a long holds (years 1678 to 2262).</summary>
    public static long Nanos(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return ticks > long.MaxValue / 100 ? long.MaxValue : ticks < long.MinValue / 100 ? long.MinValue : ticks * 100;
    }

    public static DateTimeOffset FromNanos(long nanos) => DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);

    /// <summary>Adds two nanosecond instants' distance without overflowing.</summary>
    public static long Add(long nanos, long delta) =>
        delta > 0 && nanos > long.MaxValue - delta ? long.MaxValue
        : delta < 0 && nanos < long.MinValue - delta ? long.MinValue
        : nanos + delta;

    /// <summary>A bucket width in nanoseconds: a positive whole number of minutes.</summary>
    public static long WholeMinutes(TimeSpan width, string parameterName)
    {
        if (width <= TimeSpan.Zero || width.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentException($"must be a positive whole number of minutes (got {width})", parameterName);
        }

        return width.Ticks * 100;
    }

    /// <summary>A JSON pointer to a top-level key of an attribute map (keys hold dots, so no JSONPath).</summary>
    public static string JsonPointer(string key) => "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>The placeholders of the values, comma-separated; <c>NULL</c> (matching nothing in IN) when there are none.</summary>
    public static string List(SqlBuilder sql, IEnumerable<string> values)
    {
        var placeholders = values.Distinct(StringComparer.Ordinal).Select(sql.Param).ToList();
        return placeholders.Count == 0 ? "NULL" : string.Join(", ", placeholders);
    }

    public static async Task<List<T>> ReadRowsAsync<T>(
        DuckDbDatabase database, SqlBuilder sql, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        using var connection = database.OpenReader();
        await using var command = sql.CreateCommand(connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static string? String(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static double? Double(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}
