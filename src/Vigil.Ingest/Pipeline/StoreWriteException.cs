namespace Vigil.Ingest.Pipeline;

/// <summary>The journal or the store failed to take a batch; nothing of it was acknowledged, and the client should retry.</summary>
public sealed class StoreWriteException : Exception
{
    public StoreWriteException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StoreWriteException()
    {
    }

    public StoreWriteException(string message)
        : base(message)
    {
    }
}
