namespace Vigil.Ingest.Pipeline;

/// <summary>
/// The bounded queue between the OTLP endpoints and the store (the <c>Queue</c> section of
/// vigil.yaml). Its bound is counted in items (spans, evaluations, metric points), so memory stays
/// bounded whatever the clients send; beyond it exports are refused with a retry hint.
/// </summary>
public sealed record WriteQueueOptions
{
    /// <summary>Items that may wait for the writer; an export that does not fit is refused (HTTP 429, gRPC RESOURCE_EXHAUSTED).</summary>
    public int Capacity { get; init; } = 100_000;

    /// <summary>Items the writer commits to the store in one transaction at most (group commit).</summary>
    public int MaxItemsPerCommit { get; init; } = 50_000;

    /// <summary>
    /// Acknowledge an export once it is in the ingest journal (fsynced), and commit to the store
    /// behind it in large transactions (ADR 0004). Off: acknowledge only after the store's commit.
    /// </summary>
    public bool Journal { get; init; } = true;

    /// <summary>
    /// How long a query waits for the exports acknowledged before it to reach the store (read your
    /// writes); after that it answers from what is there. Zero: never wait.
    /// </summary>
    public TimeSpan ReadYourWritesWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bytes of OTLP/HTTP request bodies that may be read, parsed and mapped at once; beyond it new
    /// exports are refused before their bodies are read (HTTP 429). A body without Content-Length
    /// counts as <c>ingest.maxBodyBytes</c>.
    /// </summary>
    public long MaxInFlightBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>What a refused client is told to wait before it retries.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Capacity <= 0)
        {
            errors.Add($"Queue:Capacity must be positive (was {Capacity})");
        }

        if (MaxItemsPerCommit <= 0)
        {
            errors.Add($"Queue:MaxItemsPerCommit must be positive (was {MaxItemsPerCommit})");
        }

        if (MaxInFlightBytes <= 0)
        {
            errors.Add($"Queue:MaxInFlightBytes must be positive (was {MaxInFlightBytes})");
        }

        if (RetryAfter < TimeSpan.Zero || RetryAfter > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Queue:RetryAfter must be between 0 and 5 minutes (was {RetryAfter})");
        }

        if (ReadYourWritesWait < TimeSpan.Zero || ReadYourWritesWait > TimeSpan.FromMinutes(1))
        {
            errors.Add($"Queue:ReadYourWritesWait must be between 0 and 1 minute (was {ReadYourWritesWait})");
        }

        return errors;
    }
}
