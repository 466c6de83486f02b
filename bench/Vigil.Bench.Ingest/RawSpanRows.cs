using System.Buffers.Binary;
using System.Text.Json;
using DuckDB.NET.Data;
using Vigil.Core.Spans;

namespace Vigil.Bench.Ingest;

/// <summary>
/// Appends span rows straight into the store's <c>spans</c> table with a DuckDB Appender: the
/// ceiling the server's write path is compared with. Rows come from a pool of mapped spans (the
/// server's own mapping of the same requests) with fresh ids and start times, as the server would
/// store them; the attribute JSON is serialised once per pooled span, outside the timed loop.
/// </summary>
/// <remarks>
/// The column list is read from the table the store's migrations created, so the rows keep matching
/// the schema while it evolves: every column the benchmark knows gets the span's value, any other
/// column NULL or a zero value of its type (and is named on the console).
/// </remarks>
internal sealed class RawSpanRows
{
    private static readonly HashSet<string> Reported = new(StringComparer.Ordinal);

    private readonly IReadOnlyList<Span> _pool;
    private readonly string[] _attributesJson;

    public RawSpanRows(IReadOnlyList<Span> pool)
    {
        _pool = pool;
        _attributesJson = [.. pool.Select(s => JsonSerializer.Serialize(s.Attributes))];
    }

    /// <summary>Appends rows <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1 through one Appender.</summary>
    public void Append(DuckDBConnection connection, long first, long count, long batchSeq, DateTime ingestedAt, long baseStartNano)
    {
        var writers = Writers(connection);
        var row = new Row { BatchSeq = batchSeq, IngestedAt = ingestedAt };
        Span<byte> id = stackalloc byte[16];
        using var appender = connection.CreateAppender("spans");
        for (var n = first; n < first + count; n++)
        {
            var index = (int)(n % _pool.Count);
            BinaryPrimitives.WriteUInt64BigEndian(id, 0xbe_4c_00_00_00_00_00_01);
            BinaryPrimitives.WriteUInt64BigEndian(id[8..], (ulong)n + 1);
            row.S = _pool[index];
            row.TraceId = Convert.ToHexStringLower(id);
            row.SpanId = Convert.ToHexStringLower(id[8..]);
            row.StartNano = baseStartNano + (n * 1_000);
            row.AttributesJson = _attributesJson[index];
            var target = appender.CreateRow();
            foreach (var write in writers)
            {
                target = write(target, row);
            }

            target.EndRow();
        }

        appender.Close();
    }

    private static List<Func<IDuckDBAppenderRow, Row, IDuckDBAppenderRow>> Writers(DuckDBConnection connection)
    {
        var writers = new List<Func<IDuckDBAppenderRow, Row, IDuckDBAppenderRow>>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name = 'spans' ORDER BY column_index";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var (name, type, nullable) = (reader.GetString(0), reader.GetString(1), reader.GetBoolean(2));
            var writer = Known(name) ?? Default(type, nullable);
            if (Known(name) is null && Reported.Add(name))
            {
                Console.WriteLine($"(raw appender: column spans.{name} {type} is not known to the benchmark; appending {(nullable ? "NULL" : "a zero value")})");
            }

            writers.Add(writer);
        }

        return writers;
    }

    private static Func<IDuckDBAppenderRow, Row, IDuckDBAppenderRow>? Known(string column) => column switch
    {
        "project_id" => (r, v) => r.AppendValue(v.S.ProjectId),
        "trace_id" => (r, v) => r.AppendValue(v.TraceId),
        "span_id" => (r, v) => r.AppendValue(v.SpanId),
        "parent_span_id" => (r, v) => r.AppendValue(v.S.ParentSpanId),
        "name" => (r, v) => r.AppendValue(v.S.Name),
        "kind" => (r, v) => r.AppendValue((sbyte?)v.S.Kind),
        "start_time" => (r, v) => r.AppendValue(DateTime.UnixEpoch.AddTicks(v.StartNano / 100)),
        "start_unix_nano" => (r, v) => r.AppendValue(v.StartNano),
        "duration_ns" => (r, v) => r.AppendValue(v.S.DurationNano),
        "status" => (r, v) => r.AppendValue((sbyte?)v.S.Status),
        "status_message" => (r, v) => r.AppendValue(v.S.StatusMessage),
        "error_type" => (r, v) => r.AppendValue(v.S.ErrorType),
        "service" => (r, v) => r.AppendValue(v.S.Service),
        "feature" => (r, v) => r.AppendValue(v.S.Feature),
        "team" => (r, v) => r.AppendValue(v.S.Team),
        "user_id" => (r, v) => r.AppendValue(v.S.UserId),
        "session_id" => (r, v) => r.AppendValue(v.S.SessionId),
        "conversation_id" => (r, v) => r.AppendValue(v.S.ConversationId),
        "environment" => (r, v) => r.AppendValue(v.S.Environment),
        "segment" => (r, v) => r.AppendValue(v.S.Segment),
        "operation" => (r, v) => r.AppendValue(v.S.Operation),
        "stage" => (r, v) => r.AppendValue(v.S.Stage),
        "provider" => (r, v) => r.AppendValue(v.S.Provider),
        "request_model" => (r, v) => r.AppendValue(v.S.RequestModel),
        "response_model" => (r, v) => r.AppendValue(v.S.ResponseModel),
        "release" => (r, v) => r.AppendValue(v.S.Release),
        "prompt_version" => (r, v) => r.AppendValue(v.S.PromptVersion),
        "index_version" => (r, v) => r.AppendValue(v.S.IndexVersion),
        "routing_version" => (r, v) => r.AppendValue(v.S.RoutingVersion),
        "input_tokens" => (r, v) => r.AppendValue(v.S.Usage.Input),
        "output_tokens" => (r, v) => r.AppendValue(v.S.Usage.Output),
        "cache_read_tokens" => (r, v) => r.AppendValue(v.S.Usage.CacheRead),
        "cache_write_tokens" => (r, v) => r.AppendValue(v.S.Usage.CacheWrite),
        "reasoning_tokens" => (r, v) => r.AppendValue(v.S.Usage.Reasoning),
        "cost" => (r, v) => r.AppendValue(v.S.Cost),
        "reported_cost" => (r, v) => r.AppendValue(v.S.ReportedCost),
        "pricing" => (r, v) => r.AppendValue((sbyte?)v.S.Pricing),
        "cache_hit" => (r, v) => r.AppendValue(v.S.CacheHit),
        "finish_reasons" => (r, v) => r.AppendValue(v.S.FinishReasons),
        "input_content" => (r, v) => r.AppendValue(v.S.InputContent),
        "output_content" => (r, v) => r.AppendValue(v.S.OutputContent),
        "attributes" => (r, v) => r.AppendValue(v.AttributesJson),
        "batch_seq" => (r, v) => r.AppendValue(v.BatchSeq),
        "ingested_at" => (r, v) => r.AppendValue(v.IngestedAt),
        "trace_key" => (r, v) => r.AppendValue(Fnv1a(v.TraceId)),
        _ => null,
    };

    private static Func<IDuckDBAppenderRow, Row, IDuckDBAppenderRow> Default(string type, bool nullable) => nullable
        ? (r, _) => r.AppendNullValue()
        : type switch
        {
            "TINYINT" => (r, _) => r.AppendValue((sbyte?)0),
            "SMALLINT" => (r, _) => r.AppendValue((short?)0),
            "INTEGER" => (r, _) => r.AppendValue((int?)0),
            "BIGINT" => (r, _) => r.AppendValue((long?)0),
            "DOUBLE" => (r, _) => r.AppendValue((double?)0),
            "BOOLEAN" => (r, _) => r.AppendValue((bool?)false),
            "TIMESTAMP" => (r, _) => r.AppendValue((DateTime?)DateTime.UnixEpoch),
            _ => (r, _) => r.AppendValue(string.Empty),
        };

    /// <summary>64-bit FNV-1a over the UTF-16 code units (the store's trace key).</summary>
    private static long Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    private sealed class Row
    {
        public Span S { get; set; } = null!;
        public string TraceId { get; set; } = string.Empty;
        public string SpanId { get; set; } = string.Empty;
        public long StartNano { get; set; }
        public string AttributesJson { get; set; } = string.Empty;
        public long BatchSeq { get; init; }
        public DateTime IngestedAt { get; init; }
    }
}
