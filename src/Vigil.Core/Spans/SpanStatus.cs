namespace Vigil.Core.Spans;

/// <summary>OpenTelemetry status code, numbered as OTLP numbers it.</summary>
public enum SpanStatus
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}
