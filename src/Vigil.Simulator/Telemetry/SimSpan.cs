using System.Diagnostics;

namespace Vigil.Simulator.Telemetry;

/// <summary>
/// A span as the simulated application records it, before any SDK: ids, times, attributes and
/// events. The in-process sink turns it into OTLP protobuf, the OTLP sink into an Activity.
/// </summary>
public sealed class SimSpan
{
    public required string TraceId { get; init; }

    public required string SpanId { get; init; }

    public string? ParentSpanId { get; init; }

    public required string Name { get; init; }

    public ActivityKind Kind { get; init; } = ActivityKind.Internal;

    public required DateTimeOffset Start { get; init; }

    public required DateTimeOffset End { get; set; }

    public bool IsError { get; set; }

    public string? StatusMessage { get; set; }

    public List<KeyValuePair<string, object>> Attributes { get; } = [];

    public List<SimEvent> Events { get; } = [];

    public SimSpan Set(string key, object? value)
    {
        if (value is not null)
        {
            Attributes.Add(new(key, value));
        }

        return this;
    }
}

/// <summary>An event on a span (an evaluation result, user feedback).</summary>
public sealed record SimEvent(string Name, DateTimeOffset Time, IReadOnlyList<KeyValuePair<string, object>> Attributes);

/// <summary>Everything one request of the application recorded.</summary>
public sealed record SimTrace(string Feature, IReadOnlyList<SimSpan> Spans);
