using Vigil.Core.Evals;
using Vigil.Evals.Runs;
using static Vigil.Evals.Tests.Runs.RunFakes;

namespace Vigil.Evals.Tests.Runs;

public sealed class EvalRunnerTests
{
    private static readonly IScorer Exact = ScorerFactory.Create("exact");

    [Fact]
    public async Task Runner_CallsFinishingInReverse_ResultsStayInDatasetOrder()
    {
        var items = Dataset(6);
        var target = new GatedTarget(startedTarget: 6);

        var run = EvalRunner.RunAsync(items, target, [Exact], new EvalRunnerOptions(Concurrency: 6), CancellationToken.None);
        await target.Started.Task.WaitAsync(Cases.Timeout);
        foreach (var item in items.Reverse())
        {
            target.Release(item.Id);
        }

        var outcome = await run.WaitAsync(Cases.Timeout);
        Assert.Equal(items.Select(i => i.Id), outcome.Items.Select(r => r.ItemId));
        Assert.Equal(6, target.MaxInFlight);
    }

    [Fact]
    public async Task Runner_NeverHasMoreCallsInFlightThanItsConcurrency()
    {
        var items = Dataset(8);
        var target = new GatedTarget(startedTarget: 2);

        var run = EvalRunner.RunAsync(items, target, [Exact], new EvalRunnerOptions(Concurrency: 2), CancellationToken.None);
        await target.Started.Task.WaitAsync(Cases.Timeout);
        foreach (var item in items)
        {
            target.Release(item.Id);
        }

        await run.WaitAsync(Cases.Timeout);
        Assert.Equal(2, target.MaxInFlight);
    }

    [Fact]
    public async Task Runner_ScorerThatThrows_FailsOnlyItsOwnScores_AndCountsAsFailuresInTheSummary()
    {
        var outcome = await RunAsync(Dataset(3), CoinModel(1, 1), Exact, new ThrowingScorer("judge"));

        Assert.All(outcome.Items, item =>
        {
            Assert.Equal(new ItemScore("exact", 1, true, "output equals the expected text"), item.Scores[0]);
            Assert.Equal(new ItemScore("judge", 0, false, "scorer failed: the judge at http://127.0.0.1:9/v1 could not be reached"), item.Scores[1]);
        });
        Assert.Equal(0, outcome.ErrorCount);
        var judge = outcome.Summary[1];
        Assert.Equal(("judge", 3, 0.0, 0.0), (judge.Scorer, judge.Count, judge.Mean, judge.PassRate));
        Assert.Equal(1, outcome.Summary[0].Mean);
    }

    [Fact]
    public async Task Runner_FailedTargetCall_ScoresZeroOnEveryScorer_AndCountsAsAnError()
    {
        var target = new FuncTarget(item => item.Id == "q-001"
            ? TargetReply.Failed("HTTP 500: the model is overloaded", 12)
            : new TargetReply(item.Expected, null, 10, null, null));

        var outcome = await RunAsync(Dataset(3), target, Exact, ScorerFactory.Create("contains", Cases.Options(("value", "answer"))));

        var failed = outcome.Items[1];
        Assert.Equal("HTTP 500: the model is overloaded", failed.Error);
        Assert.Null(failed.Output);
        Assert.Equal(12, failed.LatencyMs);
        Assert.Equal(
            [new ItemScore("exact", 0, false, "no output: HTTP 500: the model is overloaded"), new ItemScore("contains", 0, false, "no output: HTTP 500: the model is overloaded")],
            failed.Scores);
        Assert.Equal(1, outcome.ErrorCount);
        Assert.Equal(3, outcome.Summary[0].Count);
        Assert.Equal(2.0 / 3, outcome.Summary[0].Mean, 12);
    }

    [Fact]
    public async Task Runner_TargetThatThrows_IsAnItemError()
    {
        var target = new FuncTarget(_ => throw new InvalidOperationException("socket closed"));

        var outcome = await RunAsync(Dataset(1), target, Exact);

        Assert.Equal("the target threw InvalidOperationException: socket closed", outcome.Items[0].Error);
        Assert.Equal(1, outcome.ErrorCount);
    }

    [Fact]
    public async Task Runner_ScoringInput_CarriesExpectedContextMetadataAndLatency()
    {
        var item = new DatasetItem
        {
            Id = "q-1",
            Input = "How long do refunds take?",
            Expected = "12 business days",
            Context = [new DatasetDocument("kb-0001", "Refunds take 12 business days.")],
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["segment"] = "enterprise" },
        };
        var recording = new RecordingScorer();

        await RunAsync([item], new FuncTarget(_ => new TargetReply("12 business days [kb-0001]", null, 321, 40, 8)), recording);

        var input = Assert.Single(recording.Inputs);
        Assert.Equal(("How long do refunds take?", "12 business days [kb-0001]", "12 business days", 321.0), (input.Input, input.Output, input.Expected, input.LatencyMs!.Value));
        Assert.Equal([new ContextDocument("kb-0001", "Refunds take 12 business days.")], input.Context);
        Assert.Equal("enterprise", input.Metadata["segment"]);
    }

    [Fact]
    public async Task Runner_ReportsProgressOncePerFinishedItem()
    {
        var progress = new CollectingProgress();

        await EvalRunner.RunAsync(Dataset(10), CoinModel(0.5, 7), [Exact], new EvalRunnerOptions(3, progress), CancellationToken.None).WaitAsync(Cases.Timeout);

        Assert.Equal(Enumerable.Range(1, 10), progress.Reports.Order());
    }

    [Fact]
    public async Task Runner_Cancelled_Throws()
    {
        var target = new GatedTarget(startedTarget: 2);
        using var cts = new CancellationTokenSource();

        var run = EvalRunner.RunAsync(Dataset(4), target, [Exact], new EvalRunnerOptions(Concurrency: 2), cts.Token);
        await target.Started.Task.WaitAsync(Cases.Timeout);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Cases.Timeout));
    }

    [Fact]
    public async Task Runner_DuplicateItemIdsOrScorerNames_AreRejected()
    {
        var items = Dataset(2);
        var twice = new[] { items[0], items[0] };

        var duplicateItem = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(twice, CoinModel(1, 1), Exact));
        var duplicateScorer = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(items, CoinModel(1, 1), Exact, ScorerFactory.Create("exact")));

        Assert.StartsWith("item id 'q-000' occurs 2 times", duplicateItem.Message, StringComparison.Ordinal);
        Assert.StartsWith("scorer 'exact' is given 2 times", duplicateScorer.Message, StringComparison.Ordinal);
    }
}
