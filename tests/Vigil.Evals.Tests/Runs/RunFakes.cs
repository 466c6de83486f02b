using System.Collections.Concurrent;
using System.Globalization;
using Vigil.Core.Evals;
using Vigil.Evals.Runs;

namespace Vigil.Evals.Tests.Runs;

/// <summary>In-memory datasets, targets and scorers for the runner and gate tests.</summary>
internal static class RunFakes
{
    /// <summary><paramref name="count"/> items <c>q-000</c>, … whose expected output is <c>answer N</c>.</summary>
    public static IReadOnlyList<DatasetItem> Dataset(int count, string prefix = "q") =>
    [
        .. Enumerable.Range(0, count).Select(i => new DatasetItem
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:000}"),
            Input = string.Create(CultureInfo.InvariantCulture, $"question {i}"),
            Expected = string.Create(CultureInfo.InvariantCulture, $"answer {i}"),
        }),
    ];

    public static Task<EvalOutcome> RunAsync(IReadOnlyList<DatasetItem> items, IEvalTarget target, params IScorer[] scorers) =>
        EvalRunner.RunAsync(items, target, scorers, new EvalRunnerOptions(), CancellationToken.None).WaitAsync(Cases.Timeout);

    /// <summary>A scorer that always throws, like an <c>llm_judge</c> whose endpoint is down.</summary>
    public sealed class ThrowingScorer(string name = "judge") : IScorer
    {
        public string Name => name;

        public ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the judge at http://127.0.0.1:9/v1 could not be reached");
    }

    /// <summary>A scorer that records what it was given and passes with 1.</summary>
    public sealed class RecordingScorer : IScorer
    {
        public ConcurrentQueue<ScoringInput> Inputs { get; } = new();

        public string Name => "recording";

        public ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken)
        {
            Inputs.Enqueue(input);
            return ValueTask.FromResult(Score.Pass(1, "recorded"));
        }
    }

    /// <summary>Answers with the reply the function gives.</summary>
    public sealed class FuncTarget(Func<DatasetItem, TargetReply> answer) : IEvalTarget
    {
        public string Description => "a function";

        public ValueTask<TargetReply> AnswerAsync(DatasetItem item, CancellationToken ct) => ValueTask.FromResult(answer(item));
    }

    /// <summary>
    /// A model that answers an item correctly (its expected output) with probability <paramref name="p"/>,
    /// drawn from a <see cref="Random"/> seeded by the run's seed and the item's position: reproducible
    /// whatever order the runner calls items in, and independent between runs with different seeds.
    /// </summary>
    public static IEvalTarget CoinModel(double p, int runSeed) => new FuncTarget(item =>
    {
        var index = int.Parse(item.Id.AsSpan(item.Id.IndexOf('-', StringComparison.Ordinal) + 1), CultureInfo.InvariantCulture);
        var random = new Random(ItemSeed(runSeed, index));
        return new TargetReply(random.NextDouble() < p ? item.Expected : "something else", null, 10, 5, 3);
    });

    /// <summary>
    /// The run seed and item index mixed by SplitMix64. Seeding <see cref="Random"/> with consecutive numbers
    /// (seed + index) would not do: the first draws of nearby seeds are strongly related, which made the 200
    /// "coin flips" of a run nearly evenly spread and every run's mean nearly exactly p — noise without noise.
    /// </summary>
    private static int ItemSeed(int runSeed, int index)
    {
        var z = ((ulong)(uint)runSeed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) >> 33);
    }

    /// <summary>
    /// Each item's call waits until the test releases it, so the test decides the order in which calls finish;
    /// <see cref="Started"/> completes once <c>startedTarget</c> calls are waiting.
    /// </summary>
    public sealed class GatedTarget(int startedTarget) : IEvalTarget
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);
        private int _started;
        private int _inFlight;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int MaxInFlight { get; private set; }

        public string Description => "a gated target";

        public void Release(string id) => Gate(id).TrySetResult();

        public async ValueTask<TargetReply> AnswerAsync(DatasetItem item, CancellationToken ct)
        {
            lock (_gates)
            {
                MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
            }

            if (Interlocked.Increment(ref _started) == startedTarget)
            {
                Started.TrySetResult();
            }

            await Gate(item.Id).Task.WaitAsync(ct);
            lock (_gates)
            {
                _inFlight--;
            }

            return new TargetReply(item.Expected, null, 1, null, null);
        }

        private TaskCompletionSource Gate(string id) => _gates.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>Records every report synchronously (<see cref="Progress{T}"/> would post them).</summary>
    public sealed class CollectingProgress : IProgress<int>
    {
        public ConcurrentQueue<int> Reports { get; } = new();

        public void Report(int value) => Reports.Enqueue(value);
    }
}
