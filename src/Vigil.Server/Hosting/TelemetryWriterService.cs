using Vigil.Ingest.Pipeline;

namespace Vigil.Server.Hosting;

/// <summary>
/// Runs the write queue's journal and store stages. On shutdown the queue stops accepting and what
/// is queued goes to the store before it closes; if the store cannot take it before the host's
/// shutdown timeout, the stages stop and the journal keeps it for the next start.
/// </summary>
internal sealed class TelemetryWriterService(TelemetryWriteQueue queue) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _running;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.Run(() => queue.RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        if (_running is null)
        {
            return;
        }

        try
        {
            await _running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync();
            await _running;
        }
    }

    public void Dispose() => _stopping.Dispose();
}
