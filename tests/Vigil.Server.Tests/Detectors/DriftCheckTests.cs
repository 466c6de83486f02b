using Vigil.Core.Detection;
using Vigil.Core.Queries;
using Vigil.Detectors;
using Vigil.Server.Detectors;
using Vigil.Server.Detectors.Checks;

namespace Vigil.Server.Tests.Detectors;

/// <summary>Drift of sampled traces: what the feature received, as message JSON is stored, and the numbers beside it.</summary>
public sealed class DriftCheckTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeRange Reference = new(T0.AddHours(-25), T0.AddHours(-1));
    private static readonly TimeRange Current = new(T0.AddHours(-1), T0);

    [Fact]
    public void Inputs_of_another_topic_in_the_current_window_are_input_drift_of_class_eval_gap()
    {
        var embedder = new TopicEmbedder();
        var check = new DriftCheck(new DriftDetectorSettings(), new CachingTextEmbedder(embedder.Embed), TimeSpan.FromMinutes(15));

        var same = check.Compare("chat", Traces(120, offTopicEvery: 0), Reference, Traces(120, offTopicEvery: 0, seed: 7), Current, CancellationToken.None).ToList();
        var shifted = check.Compare("chat", Traces(120, offTopicEvery: 0), Reference, Traces(120, offTopicEvery: 3, seed: 7), Current, CancellationToken.None).ToList();

        Assert.Equal(FindingState.Ok, same.Single(f => f.Statistic == "input_drift").State);
        var drift = shifted.Single(f => f.Statistic == "input_drift");
        Assert.Equal((FindingState.Alert, "eval_gap", "chat"), (drift.State, drift.IncidentClass, drift.Subject["feature"]));
        Assert.Contains("mmd", drift.Explanation, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(drift.ExampleTraceIds);

        // The user's message was embedded, not the JSON around it, and each distinct text once.
        Assert.All(embedder.Seen, t => Assert.DoesNotContain("\"role\"", t, StringComparison.Ordinal));
        Assert.Equal(embedder.Seen.Count, embedder.Seen.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Too_few_traces_in_a_window_is_insufficient_data_for_both_findings()
    {
        var check = new DriftCheck(new DriftDetectorSettings(), embedder: null, TimeSpan.FromMinutes(15));

        var findings = check.Compare("chat", Traces(120, 0), Reference, Traces(12, 0), Current, CancellationToken.None).ToList();

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingState.InsufficientData, f.State));
        Assert.Contains("12 traces now", findings[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_embedder_the_inputs_are_not_compared_but_the_numbers_are()
    {
        var check = new DriftCheck(new DriftDetectorSettings(), embedder: null, TimeSpan.FromMinutes(15));
        var longer = Traces(120, 0, seed: 3).Select(t => t with { OutputTokens = t.OutputTokens * 4, CostUsd = t.CostUsd * 4 }).ToList();

        var findings = check.Compare("chat", Traces(120, 0), Reference, longer, Current, CancellationToken.None).ToList();

        Assert.Equal(FindingState.InsufficientData, findings.Single(f => f.Statistic == "input_drift").State);
        var share = findings.Single(f => f.Statistic == "drift_share");
        Assert.Contains("output_tokens", share.Explanation, StringComparison.Ordinal);
        Assert.Contains("cost", share.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_evaluation_is_a_column_of_its_own_and_the_tools_called_are_a_category()
    {
        var check = new DriftCheck(new DriftDetectorSettings(), embedder: null, TimeSpan.FromMinutes(15));
        var before = Traces(120, 0).Select((t, i) => t with { Tools = "search", Scores = new Dictionary<string, double> { ["groundedness"] = 0.85 + (i % 10 / 100.0) } }).ToList();
        var now = Traces(120, 0, seed: 5).Select((t, i) => t with { Tools = i % 2 == 0 ? "search" : "fetch,search", Scores = new Dictionary<string, double> { ["groundedness"] = 0.45 + (i % 10 / 100.0) } }).ToList();

        var share = check.Compare("chat", before, Reference, now, Current, CancellationToken.None).Single(f => f.Statistic == "drift_share");

        Assert.Contains("score:groundedness", share.Explanation, StringComparison.Ordinal);
        Assert.Contains("tools", share.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("model", share.Explanation, StringComparison.Ordinal);
    }

    private static List<TraceSample> Traces(int count, int offTopicEvery, int seed = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var offTopic = offTopicEvery > 0 && i % offTopicEvery == 0;
            var question = offTopic ? $"what is the weather in city {random.Next(40)}" : $"how do I get a refund for order {random.Next(40)}";
            var input = $$"""[{"role":"system","content":"You are Acme's assistant."},{"role":"user","content":"{{question}}"}]""";
            return new TraceSample(
                $"{seed:x4}{i:x28}", T0.AddMinutes(-i), input, """[{"role":"assistant","content":"ok"}]""",
                400 + random.Next(50), 80 + random.Next(20), 0.001 + (random.NextDouble() * 0.0002), 900 + random.Next(200), "gpt-4o-mini", "stop");
        })];
    }

    /// <summary>Two topics, two directions, with a little noise per text: refunds and weather.</summary>
    private sealed class TopicEmbedder
    {
        public List<string> Seen { get; } = [];

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Seen.AddRange(texts);
            return [.. texts.Select(t =>
            {
                var noise = (t.GetHashCode(StringComparison.Ordinal) % 100) / 1000f;
                return t.Contains("weather", StringComparison.Ordinal) ? new[] { noise, 1f, 0f } : new[] { 1f, noise, 0f };
            })];
        }
    }
}
