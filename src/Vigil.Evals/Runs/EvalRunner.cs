using Vigil.Core.Evals;

namespace Vigil.Evals.Runs;

/// <summary>How a run proceeds: how many items are in flight at once, and whom to tell as items finish.</summary>
/// <param name="Progress">Told the number of items finished so far, once per item (from worker threads).</param>
public sealed record EvalRunnerOptions(int Concurrency = 4, IProgress<int>? Progress = null);

/// <summary>What a run produced: every item's result in dataset order, one summary per scorer, and how many target calls failed.</summary>
public sealed record EvalOutcome(IReadOnlyList<EvalItemResult> Items, IReadOnlyList<ScorerSummary> Summary, int ErrorCount);

/// <summary>
/// Runs a dataset through a target and scores every answer with every scorer. A failed target call
/// scores 0 (failed) on every scorer with the explanation <c>no output: &lt;error&gt;</c>; a scorer that
/// throws (an unreachable judge) scores that item 0 (failed) with <c>scorer failed: &lt;message&gt;</c> and
/// the run goes on. Both count in the summary as failures: a run whose target or judge broke must not
/// look better than one that answered badly, and every scorer's summary covers every item.
/// </summary>
public static class EvalRunner
{
    public static async Task<EvalOutcome> RunAsync(
        IReadOnlyList<DatasetItem> items,
        IEvalTarget target,
        IReadOnlyList<IScorer> scorers,
        EvalRunnerOptions options,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(scorers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1, nameof(options));
        Validate(items, scorers);

        var results = new EvalItemResult[items.Count];
        var finished = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), parallel, async (index, token) =>
        {
            results[index] = await RunItemAsync(items[index], target, scorers, token);
            options.Progress?.Report(Interlocked.Increment(ref finished));
        });

        // Every item has one score per scorer, in the scorers' order.
        var summary = scorers
            .Select((scorer, j) => RunStatistics.Summarize(scorer.Name, [.. results.Select(r => r.Scores[j])]))
            .ToList();
        return new EvalOutcome(results, summary, results.Count(r => r.Error is not null));
    }

    private static void Validate(IReadOnlyList<DatasetItem> items, IReadOnlyList<IScorer> scorers)
    {
        // Results are identified by item id (a regression pairs runs by it) and by scorer name.
        var duplicateItem = items.GroupBy(i => i.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateItem is not null)
        {
            throw new ArgumentException($"item id '{duplicateItem.Key}' occurs {duplicateItem.Count()} times; ids identify results", nameof(items));
        }

        var duplicateScorer = scorers.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateScorer is not null)
        {
            throw new ArgumentException($"scorer '{duplicateScorer.Key}' is given {duplicateScorer.Count()} times; a run's scores are named by scorer", nameof(scorers));
        }
    }

    private static async Task<EvalItemResult> RunItemAsync(DatasetItem item, IEvalTarget target, IReadOnlyList<IScorer> scorers, CancellationToken ct)
    {
        TargetReply reply;
        try
        {
            reply = await target.AnswerAsync(item, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // The contract says a target reports failures, but a target is anyone's code.
            reply = TargetReply.Failed($"the target threw {e.GetType().Name}: {RunText.OneLine(e.Message)}");
        }

        var error = reply.Error ?? (reply.Output is null ? "the target returned neither an output nor an error" : null);
        var scores = new List<ItemScore>(scorers.Count);
        if (error is not null)
        {
            scores.AddRange(scorers.Select(s => new ItemScore(s.Name, 0, false, "no output: " + error)));
        }
        else
        {
            var input = new ScoringInput
            {
                Input = item.Input,
                Output = reply.Output!,
                Expected = item.Expected,
                Context = [.. item.Context.Select(d => new ContextDocument(d.Id, d.Text))],
                Metadata = item.Metadata,
                LatencyMs = reply.LatencyMs,
            };
            foreach (var scorer in scorers)
            {
                scores.Add(await ScoreAsync(scorer, input, ct));
            }
        }

        return new EvalItemResult
        {
            ItemId = item.Id,
            Input = item.Input,
            Output = reply.Output,
            Error = error,
            LatencyMs = reply.LatencyMs,
            InputTokens = reply.InputTokens,
            OutputTokens = reply.OutputTokens,
            Scores = scores,
        };
    }

    private static async Task<ItemScore> ScoreAsync(IScorer scorer, ScoringInput input, CancellationToken ct)
    {
        try
        {
            var score = await scorer.ScoreAsync(input, ct);
            return new ItemScore(scorer.Name, score.Value, score.Passed, score.Explanation);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return new ItemScore(scorer.Name, 0, false, "scorer failed: " + RunText.OneLine(e.Message));
        }
    }
}
