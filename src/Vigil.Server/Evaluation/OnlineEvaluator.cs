using System.Collections.Concurrent;
using Vigil.Core.Ports;
using Vigil.Core.Slos;
using Vigil.Core.Spans;
using Vigil.Evals;

namespace Vigil.Server.Evaluation;

/// <summary>
/// Scores production traces of the configured features. Each run reads the root spans committed since
/// the last run (the SLO engine's batch cursor, <see cref="ISliEventSource"/>), samples them
/// (<see cref="OnlineSampler"/>), reads each sampled trace whole, scores it with every scorer of its
/// feature (a few traces at a time) and commits the results as evaluations in one batch. Traces that
/// started before <c>scoreFrom</c> (by default: when the evaluator was created) are not scored, so a
/// restart does not score a trace twice. A score the scorer could not judge (no reference answer on an
/// unlabelled trace, no retrieved context) is counted, not stored: it would read as a bad answer.
/// </summary>
public sealed partial class OnlineEvaluator : IDisposable
{
    public const string SourcePrefix = EvaluationResult.OnlineSourcePrefix;

    private const int PageRows = 20_000;
    private const int Concurrency = 4;

    private readonly Dictionary<string, FeatureScorers> _features;
    private readonly ISliEventSource _events;
    private readonly ITelemetryStore _store;
    private readonly OnlineEvaluationMetrics _metrics;
    private readonly ILogger<OnlineEvaluator> _logger;
    private readonly long _sinceUnixNano;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _cursor;

    public OnlineEvaluator(
        EvaluationSettings settings, ISliEventSource events, ITelemetryStore store, TimeProvider time,
        OnlineEvaluationMetrics metrics, ILogger<OnlineEvaluator> logger, DateTimeOffset? scoreFrom = null)
    {
        _features = settings.Online.ToDictionary(
            f => f.Feature,
            f => new FeatureScorers(f, [.. f.Scorers.Select(s => ScorerFactory.Create(s.Name, s.Options))], new OnlineSampler(f)),
            StringComparer.Ordinal);
        _events = events;
        _store = store;
        _metrics = metrics;
        _logger = logger;
        Interval = settings.Interval;
        _sinceUnixNano = ((scoreFrom ?? time.GetUtcNow()) - DateTimeOffset.UnixEpoch).Ticks * 100;
    }

    public TimeSpan Interval { get; }

    public bool IsEnabled => _features.Count > 0;

    /// <summary>
    /// One run: every root span committed since the previous run, sampled, scored and written.
    /// Runs are serialised; a scorer that throws is logged and counted and the others go on.
    /// </summary>
    /// <param name="now">The clock's time: strata of hours more than two hours before it are forgotten.</param>
    public async Task<OnlineRun> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var run = new OnlineRun();
            while (true)
            {
                var page = await _events.ReadSliEventsAsync(_cursor, _sinceUnixNano, PageRows, cancellationToken);
                if (page.LastBatch == _cursor)
                {
                    break;
                }

                var written = await ScorePageAsync(page.Spans, cancellationToken);
                run = run.Add(written);
                _cursor = page.LastBatch;
            }

            foreach (var feature in _features.Values)
            {
                feature.Sampler.Prune(now - TimeSpan.FromHours(2));
            }

            return run;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<OnlineRun> ScorePageAsync(IReadOnlyList<SliSpan> spans, CancellationToken cancellationToken)
    {
        var candidates = new List<(SliSpan Root, FeatureScorers Feature, bool Sampled)>();
        foreach (var span in spans)
        {
            if (!span.IsRoot || !_features.TryGetValue(span.Feature, out var feature))
            {
                continue;
            }

            var start = Start(span.StartUnixNano);
            if (feature.Sampler.InRateSample(span.TraceId))
            {
                candidates.Add((span, feature, true));
            }
            else if (feature.Sampler.MayTopUp(start, span.Segment))
            {
                candidates.Add((span, feature, false));
            }
        }

        if (candidates.Count == 0)
        {
            return new OnlineRun();
        }

        var cases = new TraceCase?[candidates.Count];
        await Parallel.ForAsync(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var root = candidates[i].Root;
            var trace = await _store.GetTraceAsync(root.ProjectId, root.TraceId, ct);
            cases[i] = trace is null ? null : TraceCase.From(trace);
        });

        // Strata are decided in commit order, so the same traffic chooses the same traces.
        var chosen = new List<(TraceCase Case, FeatureScorers Feature)>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var (root, feature, sampled) = candidates[i];
            var start = Start(root.StartUnixNano);
            if (cases[i] is not { } found)
            {
                if (sampled)
                {
                    _metrics.RecordUnscorable(feature.Settings.Feature);
                }

                continue;
            }

            if (sampled || feature.Sampler.NeedsMore(start, found.Root.Release, found.Root.Segment))
            {
                feature.Sampler.Chosen(start, found.Root.Release, found.Root.Segment);
                chosen.Add((found, feature));
            }
        }

        var results = new ConcurrentBag<EvaluationResult>();
        var failures = 0;
        await Parallel.ForEachAsync(chosen, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            foreach (var scorer in item.Feature.Scorers)
            {
                try
                {
                    var score = await scorer.ScoreAsync(item.Case.Input, ct);
                    if (score.Judged)
                    {
                        results.Add(Result(item.Case, scorer.Name, score));
                    }
                    else
                    {
                        _metrics.RecordUnjudged(item.Feature.Settings.Feature, scorer.Name);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failures);
                    _metrics.RecordFailed(item.Feature.Settings.Feature, scorer.Name);
                    LogScorerFailed(ex, scorer.Name, item.Case.Root.TraceId);
                }
            }
        });

        var evaluations = results.OrderBy(r => r.TimeUnixNano).ThenBy(r => r.TraceId, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        if (evaluations.Count > 0)
        {
            await OnlineResultWriter.WriteAsync(_store, evaluations, cancellationToken);
            _metrics.RecordRun(evaluations.Select(e => (e.Feature, e.Name, e.ScoreValue ?? 0)));
        }

        return new OnlineRun { Traces = chosen.Count, Scores = evaluations.Count, Failures = failures };
    }

    public void Dispose() => _gate.Dispose();

    private static EvaluationResult Result(TraceCase found, string scorer, Score score) => new()
    {
        ProjectId = found.Root.ProjectId,
        TraceId = found.Root.TraceId,
        SpanId = found.EvaluatedSpanId,
        Name = scorer,
        ScoreValue = score.Value,
        ScoreLabel = score.Passed ? "pass" : "fail",
        Explanation = score.Explanation,
        Source = SourcePrefix + scorer,
        TimeUnixNano = found.Root.StartUnixNano + found.Root.DurationNano,
        Feature = found.Root.Feature,
        Release = found.Root.Release,
    };

    private static DateTimeOffset Start(long unixNano) => DateTimeOffset.UnixEpoch.AddTicks(unixNano / 100);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Online scorer {Scorer} failed on trace {TraceId}; the trace's other scorers still run")]
    private partial void LogScorerFailed(Exception exception, string scorer, string traceId);

    private sealed record FeatureScorers(OnlineFeatureSettings Settings, IReadOnlyList<IScorer> Scorers, OnlineSampler Sampler);
}

/// <summary>What one run did: traces scored, scores written, scorings that threw.</summary>
public sealed record OnlineRun
{
    public int Traces { get; init; }
    public int Scores { get; init; }
    public int Failures { get; init; }

    internal OnlineRun Add(OnlineRun other) =>
        new() { Traces = Traces + other.Traces, Scores = Scores + other.Scores, Failures = Failures + other.Failures };
}
