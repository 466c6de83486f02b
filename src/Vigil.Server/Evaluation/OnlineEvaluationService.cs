namespace Vigil.Server.Evaluation;

/// <summary>Runs <see cref="OnlineEvaluator.RunOnceAsync"/> at start and then every <c>evaluation.interval</c>, timed by the injected clock.</summary>
internal sealed partial class OnlineEvaluationService(OnlineEvaluator evaluator, TimeProvider time, ILogger<OnlineEvaluationService> logger) : BackgroundService
{
    private TaskCompletionSource<OnlineRun> _nextRun = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the run after this call finishes (tests advance the clock, then await it).</summary>
    internal Task<OnlineRun> NextRunAsync() => Volatile.Read(ref _nextRun).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!evaluator.IsEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(evaluator.Interval, time);
        do
        {
            var run = new OnlineRun();
            try
            {
                run = await evaluator.RunOnceAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }

            Interlocked.Exchange(ref _nextRun, new TaskCompletionSource<OnlineRun>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(run);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Online evaluation failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
