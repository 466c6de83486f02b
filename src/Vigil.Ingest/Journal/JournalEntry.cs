using System.Buffers;
using Google.Protobuf;

namespace Vigil.Ingest.Journal;

/// <summary>
/// What to journal for one export: the request's protobuf bytes as received (OTLP/HTTP protobuf),
/// or the parsed request to serialise (gRPC, OTLP/JSON).
/// </summary>
public sealed class JournalEntry
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly IMessage? _message;

    private JournalEntry(JournalRecordKind kind, string projectId, ReadOnlyMemory<byte> bytes, IMessage? message)
    {
        Kind = kind;
        ProjectId = projectId;
        _bytes = bytes;
        _message = message;
    }

    public JournalRecordKind Kind { get; }

    public string ProjectId { get; }

    /// <summary>
    /// The request as received. The caller keeps <paramref name="protobuf"/> alive until the export
    /// is acknowledged or refused: the journal writes it from there, without a copy.
    /// </summary>
    public static JournalEntry FromBytes(JournalRecordKind kind, string projectId, ReadOnlyMemory<byte> protobuf) => new(kind, projectId, protobuf, null);

    public static JournalEntry FromMessage(JournalRecordKind kind, string projectId, IMessage request) => new(kind, projectId, default, request);

    /// <summary>The protobuf bytes to journal, serialised into <paramref name="scratch"/> when the entry holds a message.</summary>
    internal ReadOnlySpan<byte> Payload(ArrayBufferWriter<byte> scratch)
    {
        if (_message is null)
        {
            return _bytes.Span;
        }

        scratch.ResetWrittenCount();
        _message.WriteTo(scratch);
        return scratch.WrittenSpan;
    }
}
