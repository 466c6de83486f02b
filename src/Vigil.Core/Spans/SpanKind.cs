namespace Vigil.Core.Spans;

/// <summary>OpenTelemetry span kind, numbered as OTLP numbers it.</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}
