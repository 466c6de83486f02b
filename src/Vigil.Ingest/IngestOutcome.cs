namespace Vigil.Ingest;

/// <summary>How an export ended; the transport adapters turn it into HTTP or gRPC answers.</summary>
public enum IngestStatus
{
    /// <summary>Committed (some items may have been rejected: partial success).</summary>
    Accepted,

    /// <summary>Nothing in the request was valid; nothing was stored.</summary>
    Invalid,

    /// <summary>The write queue is full; nothing was stored; retry after <see cref="IngestOutcome.RetryAfter"/>.</summary>
    Overloaded,

    /// <summary>The store failed to commit; nothing was stored; retry.</summary>
    Unavailable,
}

/// <summary>The result of one export: status, items rejected and why, and a retry hint.</summary>
public sealed record IngestOutcome(IngestStatus Status, long Accepted, long Rejected, string? Message, TimeSpan? RetryAfter = null);
