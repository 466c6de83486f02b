using Vigil.Core.Ports;
using Vigil.Server.Configuration;

namespace Vigil.Server.Hosting;

/// <summary>Deletes telemetry past its retention, on <see cref="RetentionSettings.Interval"/>, timed by the injected clock.</summary>
internal sealed partial class RetentionService(ITelemetryStore store, VigilSettings settings, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Retention.Interval, time);
        do
        {
            try
            {
                var now = time.GetUtcNow();
                var outcome = await store.ApplyRetentionAsync(now - settings.Retention.Spans, now - settings.Retention.Rollups, stoppingToken);
                if (outcome.SpansDeleted + outcome.RollupRowsDeleted > 0)
                {
                    LogDeleted(outcome.SpansDeleted, outcome.RollupRowsDeleted);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Retention deleted {Spans} spans and {RollupRows} rollup rows")]
    private partial void LogDeleted(long spans, long rollupRows);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Retention failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
