using Vigil.Ingest.Pipeline;

namespace Vigil.Server.Hosting;

/// <summary>
/// Runs the write queue's single writer. On shutdown the queue stops accepting and everything
/// already queued is committed before the store closes.
/// </summary>
internal sealed class TelemetryWriterService(TelemetryWriteQueue queue) : IHostedService
{
    private Task? _running;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.Run(() => queue.RunAsync(CancellationToken.None), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        if (_running is not null)
        {
            await _running.WaitAsync(cancellationToken);
        }
    }
}
