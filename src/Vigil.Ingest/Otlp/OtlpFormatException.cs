namespace Vigil.Ingest.Otlp;

/// <summary>
/// An OTLP/JSON body that cannot be read. The message names the place and the problem, for example
/// <c>resourceSpans[0].scopeSpans[0].spans[2].traceId: 'xyz' is not 32 hex characters</c>, and is
/// meant to be returned to the sender as is (HTTP 400).
/// </summary>
public sealed class OtlpFormatException : Exception
{
    public OtlpFormatException()
        : base("the OTLP/JSON body is not valid")
    {
    }

    public OtlpFormatException(string message)
        : base(message)
    {
    }

    public OtlpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
