namespace Vigil.Server.Detectors.Statuspages;

/// <summary>
/// Runs <see cref="StatuspagePoller.PollDueAsync"/> at start and then every <see cref="StatuspagePoller.Tick"/> of the
/// injected clock (the shortest page interval, between 1s and 5s); each page is fetched when its own interval is due.
/// Does nothing when no status page is configured.
/// </summary>
public sealed partial class StatuspagePollingService(StatuspagePoller poller, TimeProvider time, ILogger<StatuspagePollingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (poller.Pages.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(poller.Tick, time);
        do
        {
            try
            {
                await poller.PollDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 4303, Level = LogLevel.Error, Message = "Status page polling failed; it runs again at the next tick")]
    private partial void LogFailed(Exception exception);
}
