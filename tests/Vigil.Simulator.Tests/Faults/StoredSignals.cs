using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Core.Ports;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Simulator.Generation;

namespace Vigil.Simulator.Tests.Faults;

/// <summary>A group's measures over a whole window: sums, and the median latency when the window is one stats bucket.</summary>
public sealed record Totals(long Count, long Errors, long InputTokens, long OutputTokens, decimal Cost, double? LatencyP50Ms)
{
    public static readonly Totals None = new(0, 0, 0, 0, 0m, null);

    public double ErrorRatio => Count == 0 ? 0 : (double)Errors / Count;

    public double MeanInputTokens => Count == 0 ? 0 : (double)InputTokens / Count;
}

/// <summary>
/// One support-chat request as Vigil stored it, read back from its spans: the question (the retrieval
/// query), the ids retrieved, the answer text of the last successful chat call, and the attribution.
/// </summary>
public sealed record SupportAnswer(
    string TraceId, string? Segment, bool CacheHit, string? Question, IReadOnlyList<string> Retrieved, string? Answer,
    string? Release, string? PromptVersion, string? IndexVersion, string? RoutingVersion, string? Model)
{
    /// <summary>The document ids the answer cites, <c>[kb-0001]</c>.</summary>
    public IReadOnlyList<string> Cited => Answer is null ? [] : [.. StoredSignals.Citation().Matches(Answer).Select(m => m.Groups[1].Value)];

    /// <summary>Whether the answer cites a document that retrieval did not return.</summary>
    public bool CitesUnretrieved => Cited.Any(id => !Retrieved.Contains(id, StringComparer.Ordinal));

    /// <summary>Whether the question is none of the knowledge base's questions (an input from another pool).</summary>
    public bool OffTopic => Question is not null && !StoredSignals.QuestionDocuments.ContainsKey(Question);

    /// <summary>Right: the answer cites the document the question is about.</summary>
    public bool Correct => Question is not null && StoredSignals.QuestionDocuments.TryGetValue(Question, out var id) && Cited.Contains(id, StringComparer.Ordinal);

    public bool Refused => Answer is not null && (Answer.Contains("can't help", StringComparison.Ordinal) || Answer.Contains("can only help", StringComparison.Ordinal));
}

/// <summary>Reads the raw signals of a fault back through <see cref="ITelemetryStore"/>, the public port.</summary>
public static partial class StoredSignals
{
    public const string Project = "default";

    /// <summary>
    /// The document each knowledge-base question is about: the key from a stored question to the
    /// document a right answer cites (the questions are the simulator's own, one per document).
    /// </summary>
    public static IReadOnlyDictionary<string, string> QuestionDocuments { get; } =
        new KnowledgeBase().Documents.ToDictionary(KnowledgeBase.QuestionFor, d => d.Id, StringComparer.Ordinal);

    [GeneratedRegex(@"\[(kb-\d{4})\]")]
    internal static partial Regex Citation();

    /// <summary>
    /// The measures of each group (null group as "") over <paramref name="range"/>, read with one step
    /// the length of the range: a range aligned to its own length (08:00–08:30, 08:30–09:00) is one
    /// bucket and gets its median latency; otherwise the sums are over the buckets and the median is null.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, Totals>> TotalsAsync(this ITelemetryStore store, TimeRange range, GroupBy groupBy, SpanFilter filter)
    {
        var result = await store.GetStatsAsync(
            new StatsQuery { ProjectId = Project, Range = range, Step = range.Length, GroupBy = groupBy, Filter = filter }, CancellationToken.None);
        return result.Series.ToDictionary(
            s => s.Group ?? string.Empty,
            s => new Totals(
                s.Points.Sum(p => p.Count), s.Points.Sum(p => p.Errors), s.Points.Sum(p => p.InputTokens), s.Points.Sum(p => p.OutputTokens),
                s.Points.Sum(p => p.CostSum), s.Points.Count == 1 ? s.Points[0].LatencyP50Ms : null),
            StringComparer.Ordinal);
    }

    public static Totals Of(this IReadOnlyDictionary<string, Totals> totals, string group) => totals.GetValueOrDefault(group, Totals.None);

    /// <summary>The newest traces (up to <paramref name="limit"/>, at most 1000) with a span in the range that matches the filter.</summary>
    public static async Task<IReadOnlyList<TraceSummary>> TracesAsync(this ITelemetryStore store, TimeRange range, SpanFilter filter, int limit = 1000)
    {
        var page = await store.SearchTracesAsync(new TraceQuery { ProjectId = Project, Range = range, Filter = filter, Limit = limit }, CancellationToken.None);
        return page.Items;
    }

    /// <summary>Every span of each trace.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<Span>>> SpansAsync(this ITelemetryStore store, IEnumerable<TraceSummary> traces)
    {
        var all = new List<IReadOnlyList<Span>>();
        foreach (var trace in traces)
        {
            var detail = await store.GetTraceAsync(Project, trace.TraceId, CancellationToken.None)
                ?? throw new InvalidOperationException($"trace {trace.TraceId} was found by search but not by id");
            var spans = new List<Span>();
            var pending = new Stack<SpanNode>(detail.Roots);
            while (pending.TryPop(out var node))
            {
                spans.Add(node.Span);
                foreach (var child in node.Children)
                {
                    pending.Push(child);
                }
            }

            all.Add([.. spans.OrderBy(s => s.StartUnixNano).ThenBy(s => s.ParentSpanId is null ? 0 : 1)]);
        }

        return all;
    }

    /// <summary>The support-chat requests that started in the range (the newest <paramref name="limit"/>), read back from their spans.</summary>
    public static async Task<IReadOnlyList<SupportAnswer>> SupportAnswersAsync(this ITelemetryStore store, TimeRange range, int limit = 1000)
    {
        var traces = await store.TracesAsync(range, new SpanFilter { Feature = "support-chat", Stage = Stages.EndToEnd }, limit);
        var answers = new List<SupportAnswer>();
        foreach (var spans in await store.SpansAsync(traces))
        {
            var root = spans.Single(s => s.ParentSpanId is null);
            var retrieval = spans.FirstOrDefault(s => s.Operation == "retrieval");
            var answer = spans.LastOrDefault(s => s.Operation == "chat" && s.Status != SpanStatus.Error);
            answers.Add(new SupportAnswer(
                root.TraceId, root.Segment, root.CacheHit == true, retrieval?.InputContent,
                retrieval?.OutputContent is { } documents ? Ids(documents) : [], MessageText(answer?.OutputContent),
                root.Release, root.PromptVersion, root.IndexVersion, root.RoutingVersion, answer?.Model));
        }

        return answers;
    }

    /// <summary>The share of <paramref name="items"/> for which <paramref name="predicate"/> holds (0 when empty).</summary>
    public static double Share<T>(this IEnumerable<T> items, Func<T, bool> predicate)
    {
        var list = items as IReadOnlyCollection<T> ?? [.. items];
        return list.Count == 0 ? 0 : (double)list.Count(predicate) / list.Count;
    }

    public static double Median(this IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The text of the messages in the GenAI conventions' JSON form (<c>[{"role":…,"parts":[{"type":"text","content":…}]}]</c>).</summary>
    public static string? MessageText(string? messages)
    {
        if (messages is null)
        {
            return null;
        }

        using var json = JsonDocument.Parse(messages);
        return string.Join("\n", json.RootElement.EnumerateArray()
            .SelectMany(m => m.GetProperty("parts").EnumerateArray())
            .Where(p => p.TryGetProperty("content", out _))
            .Select(p => p.GetProperty("content").GetString()));
    }

    /// <summary>The ids of a stored document list (<c>gen_ai.retrieval.documents</c>: <c>[{"id":…,"score":…,"content":…}]</c>).</summary>
    private static string[] Ids(string documents)
    {
        using var json = JsonDocument.Parse(documents);
        return [.. json.RootElement.EnumerateArray().Select(d => d.GetProperty("id").GetString()!)];
    }
}
