namespace Vigil.Ingest;

/// <summary>
/// Limits applied where OTLP is mapped to Vigil's model (the <c>Ingest</c> section of vigil.yaml).
/// A value over <see cref="MaxAttributeValueLength"/> is truncated and counted, as the OpenTelemetry
/// attribute limits do; a value over <see cref="RejectAttributeValueLength"/> rejects its span (OTLP
/// partial success), since nothing that long is an attribute any more.
/// </summary>
public sealed record IngestLimits
{
    /// <summary>Largest request body accepted, after decompression (HTTP 413 beyond).</summary>
    public int MaxBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Attributes kept per span (resource attributes included); the rest are dropped and counted.</summary>
    public int MaxAttributesPerSpan { get; init; } = 128;

    /// <summary>Characters kept of an attribute value; longer values are truncated.</summary>
    public int MaxAttributeValueLength { get; init; } = 8 * 1024;

    /// <summary>Characters of one attribute value beyond which the span is rejected.</summary>
    public int RejectAttributeValueLength { get; init; } = 1024 * 1024;

    /// <summary>Whether input and output content sent by the application is stored.</summary>
    public bool StoreContent { get; init; } = true;

    /// <summary>Characters kept of input or output content.</summary>
    public int MaxContentLength { get; init; } = 32 * 1024;

    /// <summary>Events read per span; the rest are ignored and counted.</summary>
    public int MaxEventsPerSpan { get; init; } = 128;

    /// <summary>Every problem with these values, naming the key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Positive(int value, string key)
        {
            if (value <= 0)
            {
                errors.Add($"Ingest:{key} must be positive (was {value})");
            }
        }

        Positive(MaxBodyBytes, nameof(MaxBodyBytes));
        Positive(MaxAttributesPerSpan, nameof(MaxAttributesPerSpan));
        Positive(MaxAttributeValueLength, nameof(MaxAttributeValueLength));
        Positive(RejectAttributeValueLength, nameof(RejectAttributeValueLength));
        Positive(MaxContentLength, nameof(MaxContentLength));
        Positive(MaxEventsPerSpan, nameof(MaxEventsPerSpan));
        if (RejectAttributeValueLength < MaxAttributeValueLength)
        {
            errors.Add($"Ingest:RejectAttributeValueLength ({RejectAttributeValueLength}) must be at least Ingest:MaxAttributeValueLength ({MaxAttributeValueLength})");
        }

        return errors;
    }
}
