using Vigil.Core.Evals;
using Vigil.Core.Queries;

namespace Vigil.Server.Evaluation.Datasets;

/// <summary>Production traces as dataset items, read the way online evaluation reads them (<see cref="TraceCase"/>).</summary>
internal static class TraceItems
{
    /// <summary>The item id of a trace: <c>trace-</c> and its id, so adding a trace twice keeps one item.</summary>
    public static string ItemId(string traceId) => "trace-" + traceId.ToLowerInvariant();

    /// <summary>The item, or null when the trace holds no captured input and answer.</summary>
    public static DatasetItem? From(TraceDetail trace, bool answerAsExpected)
    {
        if (TraceCase.From(trace) is not { } found || string.IsNullOrEmpty(found.Input.Input))
        {
            return null;
        }

        var metadata = new Dictionary<string, string>(found.Input.Metadata, StringComparer.Ordinal) { ["source"] = "production" };
        return new DatasetItem
        {
            Id = ItemId(trace.TraceId),
            Input = found.Input.Input,
            Expected = answerAsExpected ? found.Input.Output : null,
            Context = [.. found.Input.Context.Select(d => new DatasetDocument(d.Id, d.Text))],
            Metadata = metadata,
        };
    }

    /// <summary>Problems with a list of trace ids ("traceIds: …"): none given, too many, or not 32 hex digits.</summary>
    public static List<string> CheckIds(IReadOnlyList<string>? traceIds, int max)
    {
        var problems = new List<string>();
        if (traceIds is null || traceIds.Count == 0)
        {
            problems.Add("traceIds: at least one trace id is required");
            return problems;
        }

        if (traceIds.Count > max)
        {
            problems.Add($"traceIds: {traceIds.Count} given; at most {max} per request");
        }

        var bad = traceIds.Where(t => t is null || t.Length != 32 || !t.All(char.IsAsciiHexDigit)).Take(5).ToList();
        if (bad.Count > 0)
        {
            problems.Add($"traceIds: {string.Join(", ", bad.Select(b => $"'{b}'"))} is not a trace id (32 hex digits)");
        }

        return problems;
    }
}
