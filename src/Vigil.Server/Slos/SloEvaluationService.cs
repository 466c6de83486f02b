using Vigil.Server.Configuration;

namespace Vigil.Server.Slos;

/// <summary>Runs <see cref="SloEngine.EvaluateAsync"/> at start and then every interval, timed by the injected clock.</summary>
internal sealed partial class SloEvaluationService(SloEngine engine, VigilSettings settings, TimeProvider time, ILogger<SloEvaluationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (engine.Runtimes.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.SloEvaluation.Interval, time);
        do
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
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "SLO evaluation failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
