using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Core.Ports;
using Vigil.Core.Queries;
using Vigil.Core.Spans;

namespace Vigil.Simulator.Tests.Telemetry;

/// <summary>
/// What a store holds, read through the public port (trace search, paged, then each trace), as one
/// line of JSON per span and per evaluation: every field, attributes in key order. Without ids, a
/// span's id is dropped and its parent is named instead of identified, so that spans exported
/// through the OpenTelemetry SDK (which draws its own span ids) compare with in-process ones.
/// </summary>
internal static class StoredTraces
{
    public const string Project = "default";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Trace id → the sorted lines of its spans and evaluations.</summary>
    public static async Task<SortedDictionary<string, List<string>>> ReadAsync(ITelemetryStore store, TimeRange range, bool withIds)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await store.SearchTracesAsync(new TraceQuery { ProjectId = Project, Range = range, Limit = 1000, Cursor = cursor }, CancellationToken.None);
            ids.AddRange(page.Items.Select(t => t.TraceId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var read = new System.Collections.Concurrent.ConcurrentDictionary<string, List<string>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount) }, async (id, ct) =>
        {
            var detail = await store.GetTraceAsync(Project, id, ct) ?? throw new InvalidOperationException($"trace {id} was found but not read");
            read[id] = Lines(detail, withIds);
        });
        return new SortedDictionary<string, List<string>>(read, StringComparer.Ordinal);
    }

    public static List<string> Lines(TraceDetail trace, bool withIds)
    {
        var spans = Flatten(trace.Roots).ToList();
        Assert.Equal(trace.SpanCount, spans.Count);
        var names = spans.ToDictionary(s => s.SpanId, s => s.Name, StringComparer.Ordinal);
        string? Parent(string? id) => id is null ? null : names.GetValueOrDefault(id, "(not in trace)");

        var lines = spans
            .Select(s => withIds
                ? JsonSerializer.Serialize(new { Span = s with { Attributes = Sorted(s.Attributes) } }, Json)
                : JsonSerializer.Serialize(new { Parent = Parent(s.ParentSpanId), Span = s with { SpanId = "", ParentSpanId = null, Attributes = Sorted(s.Attributes) } }, Json))
            .Concat(trace.Evaluations.Select(e => withIds
                ? JsonSerializer.Serialize(new { Evaluation = e }, Json)
                : JsonSerializer.Serialize(new { SpanName = e.SpanId is { } id ? names.GetValueOrDefault(id, "(not in trace)") : null, Evaluation = e with { SpanId = null } }, Json)))
            .ToList();
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>
    /// Asserts both stores hold the same traces with the same lines; on failure names the traces and
    /// the fields that differ, counted over all differing lines.
    /// </summary>
    public static void AssertSame(SortedDictionary<string, List<string>> expected, SortedDictionary<string, List<string>> actual, string what)
    {
        var missing = expected.Keys.Except(actual.Keys, StringComparer.Ordinal).ToList();
        var extra = actual.Keys.Except(expected.Keys, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{what}: {missing.Count} traces only in the first store (e.g. {string.Join(", ", missing.Take(3))}), {extra.Count} only in the second (e.g. {string.Join(", ", extra.Take(3))})");

        var fields = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var examples = new List<string>();
        var differing = 0;
        foreach (var (id, lines) in expected)
        {
            var other = actual[id];
            if (lines.SequenceEqual(other, StringComparer.Ordinal))
            {
                continue;
            }

            differing++;
            var onlyFirst = lines.Except(other, StringComparer.Ordinal).ToList();
            var onlySecond = other.Except(lines, StringComparer.Ordinal).ToList();
            if (lines.Count != other.Count)
            {
                fields["(span or evaluation count)"] = fields.GetValueOrDefault("(span or evaluation count)") + 1;
            }

            for (var i = 0; i < Math.Min(onlyFirst.Count, onlySecond.Count); i++)
            {
                foreach (var field in DifferingFields(onlyFirst[i], onlySecond[i]))
                {
                    fields[field] = fields.GetValueOrDefault(field) + 1;
                }
            }

            if (examples.Count < 2)
            {
                examples.Add($"trace {id}:\n  first:  {string.Join("\n          ", onlyFirst.Take(2))}\n  second: {string.Join("\n          ", onlySecond.Take(2))}");
            }
        }

        Assert.True(differing == 0,
            $"{what}: {differing} of {expected.Count} traces differ; fields: {string.Join(", ", fields.Select(f => $"{f.Key} ×{f.Value}"))}\n{string.Join("\n", examples)}");
    }

    private static IEnumerable<string> DifferingFields(string first, string second)
    {
        var a = JsonNode.Parse(first)!.AsObject();
        var b = JsonNode.Parse(second)!.AsObject();
        foreach (var (key, value) in a)
        {
            if (value is JsonObject inner && b[key] is JsonObject otherInner)
            {
                foreach (var (field, fieldValue) in inner)
                {
                    if (!JsonNode.DeepEquals(fieldValue, otherInner[field]))
                    {
                        yield return $"{key}.{field}";
                    }
                }
            }
            else if (!JsonNode.DeepEquals(value, b[key]))
            {
                yield return key;
            }
        }
    }

    private static IEnumerable<Span> Flatten(IEnumerable<SpanNode> nodes) =>
        nodes.SelectMany(n => Flatten(n.Children).Prepend(n.Span));

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> attributes) =>
        new(attributes.ToDictionary(), StringComparer.Ordinal);
}
