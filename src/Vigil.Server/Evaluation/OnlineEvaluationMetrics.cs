using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Vigil.Ingest;

namespace Vigil.Server.Evaluation;

/// <summary>
/// Online evaluation on <c>/metrics</c> (meter <c>Vigil</c>): scores written, scorings skipped as unjudgeable and
/// scorer failures per feature and scorer, traces that could not be judged, and the mean score of the latest run that
/// scored anything. Counts are kept here and read when scraped.
/// </summary>
public sealed class OnlineEvaluationMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly ConcurrentDictionary<(string Feature, string Scorer), long> _scored = new();
    private readonly ConcurrentDictionary<(string Feature, string Scorer), long> _failed = new();
    private readonly ConcurrentDictionary<(string Feature, string Scorer), long> _unjudged = new();
    private readonly ConcurrentDictionary<string, long> _unscorable = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Feature, string Scorer), double> _mean = new();

    public OnlineEvaluationMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(IngestMetrics.MeterName) ?? new Meter(IngestMetrics.MeterName);
        _meter.CreateObservableCounter("eval_online_scored_total", () => _scored.Select(p => new Measurement<long>(p.Value, Tags(p.Key))),
            description: "Online evaluation results written, per feature and scorer");
        _meter.CreateObservableCounter("eval_online_failed_total", () => _failed.Select(p => new Measurement<long>(p.Value, Tags(p.Key))),
            description: "Online scorings that threw (the trace was not scored by that scorer)");
        _meter.CreateObservableCounter("eval_online_unjudged_total", () => _unjudged.Select(p => new Measurement<long>(p.Value, Tags(p.Key))),
            description: "Online scorings skipped because the trace lacks what the scorer needs (no reference answer, no retrieved context, no cost)");
        _meter.CreateObservableCounter("eval_online_unscorable_total", () => _unscorable.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("feature", p.Key))),
            description: "Sampled traces without an output to judge (content not captured, every call failed, trace gone)");
        _meter.CreateObservableGauge("eval_online_mean_score", () => _mean.Select(p => new Measurement<double>(p.Value, Tags(p.Key))),
            description: "Mean online score per feature and scorer over the latest run that scored the pair");
    }

    public long Scored(string feature, string scorer) => _scored.GetValueOrDefault((feature, scorer));

    public long Failed(string feature, string scorer) => _failed.GetValueOrDefault((feature, scorer));

    public long Unjudged(string feature, string scorer) => _unjudged.GetValueOrDefault((feature, scorer));

    public double? Mean(string feature, string scorer) => _mean.TryGetValue((feature, scorer), out var mean) ? mean : null;

    internal void RecordRun(IEnumerable<(string Feature, string Scorer, double Value)> scores)
    {
        foreach (var group in scores.GroupBy(s => (s.Feature, s.Scorer)))
        {
            _scored.AddOrUpdate(group.Key, group.LongCount(), (_, n) => n + group.LongCount());
            _mean[group.Key] = group.Average(s => s.Value);
        }
    }

    internal void RecordFailed(string feature, string scorer) => _failed.AddOrUpdate((feature, scorer), 1, (_, n) => n + 1);

    internal void RecordUnjudged(string feature, string scorer) => _unjudged.AddOrUpdate((feature, scorer), 1, (_, n) => n + 1);

    internal void RecordUnscorable(string feature) => _unscorable.AddOrUpdate(feature, 1, (_, n) => n + 1);

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?>[] Tags((string Feature, string Scorer) key) => [new("feature", key.Feature), new("scorer", key.Scorer)];
}
