using System.Data.Common;
using Vigil.Core.Spans;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>Reads span and evaluation rows back into the Core model (columns in the order of <see cref="SpanColumns"/>).</summary>
internal static class SpanRows
{
    public const string SpanColumns =
        "project_id, trace_id, span_id, parent_span_id, name, kind, start_unix_nano, duration_ns, status, status_message, " +
        "error_type, service, feature, team, user_id, session_id, conversation_id, environment, segment, operation, stage, " +
        "provider, request_model, response_model, release, prompt_version, index_version, routing_version, " +
        "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost, reported_cost, pricing, " +
        "cache_hit, finish_reasons, input_content, output_content, attributes";

    public const string EvaluationColumns =
        "project_id, trace_id, span_id, name, score_value, score_label, explanation, response_id, source, time_unix_nano, feature, release";

    public static Span ReadSpan(DbDataReader r) => new()
    {
        ProjectId = r.GetString(0),
        TraceId = r.GetString(1),
        SpanId = r.GetString(2),
        ParentSpanId = String(r, 3),
        Name = r.GetString(4),
        Kind = (SpanKind)r.GetFieldValue<sbyte>(5),
        StartUnixNano = r.GetInt64(6),
        DurationNano = r.GetInt64(7),
        Status = (SpanStatus)r.GetFieldValue<sbyte>(8),
        StatusMessage = String(r, 9),
        ErrorType = String(r, 10),
        Service = r.GetString(11),
        Feature = r.GetString(12),
        Team = String(r, 13),
        UserId = String(r, 14),
        SessionId = String(r, 15),
        ConversationId = String(r, 16),
        Environment = String(r, 17),
        Segment = String(r, 18),
        Operation = String(r, 19),
        Stage = String(r, 20),
        Provider = String(r, 21),
        RequestModel = String(r, 22),
        ResponseModel = String(r, 23),
        Release = String(r, 24),
        PromptVersion = String(r, 25),
        IndexVersion = String(r, 26),
        RoutingVersion = String(r, 27),
        Usage = ReadUsage(r, 28),
        Cost = Decimal(r, 33),
        ReportedCost = Decimal(r, 34),
        Pricing = (PricingStatus)r.GetFieldValue<sbyte>(35),
        CacheHit = r.IsDBNull(36) ? null : r.GetBoolean(36),
        FinishReasons = r.GetFieldValue<List<string>>(37),
        InputContent = String(r, 38),
        OutputContent = String(r, 39),
        Attributes = StorageJson.DeserializeAttributes(r.GetString(40)),
    };

    public static EvaluationResult ReadEvaluation(DbDataReader r) => new()
    {
        ProjectId = r.GetString(0),
        TraceId = r.GetString(1),
        SpanId = String(r, 2),
        Name = r.GetString(3),
        ScoreValue = r.IsDBNull(4) ? null : r.GetDouble(4),
        ScoreLabel = String(r, 5),
        Explanation = String(r, 6),
        ResponseId = String(r, 7),
        Source = r.GetString(8),
        TimeUnixNano = r.GetInt64(9),
        Feature = r.GetString(10),
        Release = String(r, 11),
    };

    private static TokenUsage ReadUsage(DbDataReader r, int first)
    {
        var usage = new TokenUsage
        {
            Input = Int64(r, first),
            Output = Int64(r, first + 1),
            CacheRead = Int64(r, first + 2),
            CacheWrite = Int64(r, first + 3),
            Reasoning = Int64(r, first + 4),
        };
        return usage.IsEmpty ? TokenUsage.None : usage;
    }

    private static string? String(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static long? Int64(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static decimal? Decimal(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDecimal(i);
}
