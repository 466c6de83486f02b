namespace Vigil.Server.Detectors;

/// <summary>Runs <see cref="DetectorEngine.EvaluateAsync"/> every <c>detectors.interval</c>, timed by the injected clock.</summary>
internal sealed partial class DetectorEvaluationService(DetectorEngine engine, DetectorSettings settings, TimeProvider time, ILogger<DetectorEvaluationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (engine.Checks.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await engine.EvaluateAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Detector evaluation failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
