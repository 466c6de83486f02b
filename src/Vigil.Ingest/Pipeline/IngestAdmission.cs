namespace Vigil.Ingest.Pipeline;

/// <summary>
/// Admission control in front of parsing: exports are refused at the door, before their bodies are
/// read, while the write queue is full or while the request bodies being read, parsed and mapped
/// already add up to <see cref="WriteQueueOptions.MaxInFlightBytes"/>. Without it, a flood of
/// clients makes the server hold every body and its parsed spans at once, and memory grows with
/// the number of clients however small the queue is.
/// </summary>
public sealed class IngestAdmission
{
    private readonly TelemetryWriteQueue _queue;
    private readonly long _maxInFlightBytes;
    private long _inFlightBytes;

    public IngestAdmission(TelemetryWriteQueue queue)
    {
        _queue = queue;
        _maxInFlightBytes = queue.Options.MaxInFlightBytes;
    }

    /// <summary>What a refused client is told to wait.</summary>
    public TimeSpan RetryAfter => _queue.Options.RetryAfter;

    /// <summary>Bytes of request bodies admitted and not yet released.</summary>
    public long InFlightBytes => Interlocked.Read(ref _inFlightBytes);

    /// <summary>
    /// Reserves <paramref name="bytes"/> for one request, or says why not. A single request is
    /// always admitted when nothing else is in flight, so that one large export can pass.
    /// </summary>
    public bool TryAdmit(long bytes, out string? refusal)
    {
        if (_queue.IsNearlyFull)
        {
            refusal = $"the write queue is full ({_queue.Depth} items waiting); retry later";
            return false;
        }

        var after = Interlocked.Add(ref _inFlightBytes, bytes);
        if (after > _maxInFlightBytes && after != bytes)
        {
            Interlocked.Add(ref _inFlightBytes, -bytes);
            refusal = $"too many exports in progress ({after - bytes} bytes being read); retry later";
            return false;
        }

        refusal = null;
        return true;
    }

    public void Release(long bytes) => Interlocked.Add(ref _inFlightBytes, -bytes);
}
