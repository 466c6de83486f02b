using DuckDB.NET.Data;
using Vigil.Core.Spans;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Appends a batch's raw rows through DuckDB Appenders. The Appender runs inside the connection's
/// open transaction (verified: a rollback after Close() leaves no row), so the caller's transaction
/// makes the whole batch atomic. Constraint errors surface at Close(), which flushes.
/// </summary>
internal static class BatchAppender
{
    /// <param name="stagingTable">A TEMP table shaped like spans to append to instead (the timing check compares the two).</param>
    public static void AppendSpans(DuckDBConnection connection, IReadOnlyList<Span> spans, long batchSeq, DateTime ingestedAt, string? stagingTable = null)
    {
        if (spans.Count == 0)
        {
            return;
        }

        using var appender = stagingTable is null ? connection.CreateAppender("spans") : connection.CreateAppender("temp", "main", stagingTable);
        foreach (var s in spans)
        {
            appender.CreateRow()
                .AppendValue(s.ProjectId)
                .AppendValue(s.TraceId)
                .AppendValue(s.SpanId)
                .AppendValue(s.ParentSpanId)
                .AppendValue(s.Name)
                .AppendValue((sbyte?)s.Kind)
                .AppendValue(DateTime.UnixEpoch.AddTicks(s.StartUnixNano / 100))
                .AppendValue(s.StartUnixNano)
                .AppendValue(s.DurationNano)
                .AppendValue((sbyte?)s.Status)
                .AppendValue(s.StatusMessage)
                .AppendValue(s.ErrorType)
                .AppendValue(s.Service)
                .AppendValue(s.Feature)
                .AppendValue(s.Team)
                .AppendValue(s.UserId)
                .AppendValue(s.SessionId)
                .AppendValue(s.ConversationId)
                .AppendValue(s.Environment)
                .AppendValue(s.Segment)
                .AppendValue(s.Operation)
                .AppendValue(s.Stage)
                .AppendValue(s.Provider)
                .AppendValue(s.RequestModel)
                .AppendValue(s.ResponseModel)
                .AppendValue(s.Release)
                .AppendValue(s.PromptVersion)
                .AppendValue(s.IndexVersion)
                .AppendValue(s.RoutingVersion)
                .AppendValue(s.Usage.Input)
                .AppendValue(s.Usage.Output)
                .AppendValue(s.Usage.CacheRead)
                .AppendValue(s.Usage.CacheWrite)
                .AppendValue(s.Usage.Reasoning)
                .AppendValue(s.Cost)
                .AppendValue(s.ReportedCost)
                .AppendValue((sbyte?)s.Pricing)
                .AppendValue(s.CacheHit)
                .AppendValue(s.FinishReasons)
                .AppendValue(s.InputContent)
                .AppendValue(s.OutputContent)
                .AppendValue(StorageJson.SerializeAttributes(s.Attributes))
                .AppendValue(batchSeq)
                .AppendValue(ingestedAt)
                .AppendValue(TraceKey.Of(s.TraceId))
                .EndRow();
        }

        appender.Close();
    }

    public static void AppendEvaluations(DuckDBConnection connection, IReadOnlyList<EvaluationResult> evaluations, long batchSeq, DateTime ingestedAt)
    {
        if (evaluations.Count == 0)
        {
            return;
        }

        using var appender = connection.CreateAppender("evaluations");
        foreach (var e in evaluations)
        {
            appender.CreateRow()
                .AppendValue(e.ProjectId)
                .AppendValue(e.TraceId)
                .AppendValue(e.SpanId)
                .AppendValue(e.Name)
                .AppendValue(e.ScoreValue)
                .AppendValue(e.ScoreLabel)
                .AppendValue(e.Explanation)
                .AppendValue(e.ResponseId)
                .AppendValue(e.Source)
                .AppendValue(DateTime.UnixEpoch.AddTicks(e.TimeUnixNano / 100))
                .AppendValue(e.TimeUnixNano)
                .AppendValue(e.Feature)
                .AppendValue(batchSeq)
                .AppendValue(ingestedAt)
                .AppendValue(e.Release)
                .EndRow();
        }

        appender.Close();
    }

    public static void AppendMetrics(DuckDBConnection connection, IReadOnlyList<MetricPoint> metrics, long batchSeq, DateTime ingestedAt)
    {
        if (metrics.Count == 0)
        {
            return;
        }

        using var appender = connection.CreateAppender("metric_points");
        foreach (var m in metrics)
        {
            appender.CreateRow()
                .AppendValue(m.ProjectId)
                .AppendValue(m.Name)
                .AppendValue(m.Unit)
                .AppendValue((sbyte?)m.Kind)
                .AppendValue(DateTime.UnixEpoch.AddTicks(m.TimeUnixNano / 100))
                .AppendValue(m.TimeUnixNano)
                .AppendValue(m.StartUnixNano)
                .AppendValue(m.Service)
                .AppendValue(m.Feature)
                .AppendValue(m.Value)
                .AppendValue(m.IsMonotonic)
                .AppendValue(m.IsCumulative)
                .AppendValue(m.Count)
                .AppendValue(m.Min)
                .AppendValue(m.Max)
                .AppendValue(m.BucketBounds)
                .AppendValue(m.BucketCounts)
                .AppendValue(StorageJson.SerializeAttributes(m.Attributes))
                .AppendValue(batchSeq)
                .AppendValue(ingestedAt)
                .EndRow();
        }

        appender.Close();
    }
}
