namespace Vigil.Ingest.Journal;

/// <summary>What an ingest-journal record holds: the OTLP export request it was made from.</summary>
public enum JournalRecordKind : byte
{
    /// <summary>An <c>ExportTraceServiceRequest</c> in protobuf.</summary>
    Traces = 1,

    /// <summary>An <c>ExportMetricsServiceRequest</c> in protobuf.</summary>
    Metrics = 2,
}

/// <summary>
/// One acknowledged export as the journal keeps it: its sequence number (1, 2, … in acknowledgement
/// order), its project and the request's protobuf bytes. Replaying maps the request again.
/// </summary>
public readonly record struct JournalRecord(long Sequence, JournalRecordKind Kind, string ProjectId, ReadOnlyMemory<byte> Payload);
