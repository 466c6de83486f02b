using Vigil.Core.Queries;
using Vigil.Core.Spans;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>One whole trace of a project: its spans and its evaluation results.</summary>
internal static class TraceReader
{
    public static async Task<TraceDetail?> ReadAsync(DuckDbDatabase database, string projectId, string traceId, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        var spans = new List<Span>();
        await using (var command = connection.Command(
            $"""
            SELECT {SpanRows.SpanColumns} FROM spans
            WHERE project_id = $project AND trace_key = $key AND trace_id = $trace
            ORDER BY start_unix_nano, span_id
            """,
            ("project", projectId),
            ("key", TraceKey.Of(traceId)),
            ("trace", traceId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                spans.Add(SpanRows.ReadSpan(reader));
            }
        }

        if (spans.Count == 0)
        {
            return null;
        }

        var evaluations = new List<EvaluationResult>();
        await using (var command = connection.Command(
            $"SELECT {SpanRows.EvaluationColumns} FROM evaluations WHERE project_id = $project AND trace_id = $trace ORDER BY time_unix_nano, name",
            ("project", projectId),
            ("trace", traceId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                evaluations.Add(SpanRows.ReadEvaluation(reader));
            }
        }

        return TraceDetail.FromSpans(traceId, spans, evaluations);
    }
}
