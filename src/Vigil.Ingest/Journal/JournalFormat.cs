using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Vigil.Ingest.Journal;

/// <summary>
/// The bytes of a journal segment: an 8-byte magic, then records of
/// <c>[u32 body length][u32 CRC-32 of body][body]</c> with body
/// <c>[i64 sequence][u8 kind][u16 project length][project UTF-8][payload]</c>, little-endian.
/// A record is valid only whole and with its checksum, so a write torn by a crash is recognised
/// and cut off, never replayed.
/// </summary>
internal static class JournalFormat
{
    public const int HeaderBytes = 8;
    public const int FixedBodyBytes = 8 + 1 + 2;

    /// <summary>"VIGILJ01": the segment format, version 1.</summary>
    public static ReadOnlySpan<byte> Magic => "VIGILJ01"u8;

    /// <summary>Bytes of a record before its payload.</summary>
    public static int PrefixBytes(int projectBytes) => HeaderBytes + FixedBodyBytes + projectBytes;

    /// <summary>
    /// Writes everything of a record but its payload into <paramref name="prefix"/> (exactly
    /// <see cref="PrefixBytes"/> long); the payload follows it in the file unchanged, so a large
    /// export is never copied to be journaled.
    /// </summary>
    public static void WritePrefix(Span<byte> prefix, long sequence, JournalRecordKind kind, ReadOnlySpan<byte> project, ReadOnlySpan<byte> payload)
    {
        var body = prefix[HeaderBytes..];
        BinaryPrimitives.WriteInt64LittleEndian(body, sequence);
        body[8] = (byte)kind;
        BinaryPrimitives.WriteUInt16LittleEndian(body[9..], (ushort)project.Length);
        project.CopyTo(body[FixedBodyBytes..]);
        var crc = new Crc32();
        crc.Append(body);
        crc.Append(payload);
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, (uint)(body.Length + payload.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(prefix[4..], crc.GetCurrentHashAsUInt32());
    }

    /// <summary>Reads the record at the start of <paramref name="data"/>; the record's payload is a slice of it.</summary>
    public static ReadResult TryRead(ReadOnlyMemory<byte> data, out JournalRecord record, out int consumed)
    {
        record = default;
        consumed = 0;
        var span = data.Span;
        if (span.Length < HeaderBytes)
        {
            return ReadResult.Incomplete;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(span);
        if (length < FixedBodyBytes || length > int.MaxValue - HeaderBytes)
        {
            return ReadResult.Corrupt;
        }

        if (span.Length - HeaderBytes < length)
        {
            return ReadResult.Incomplete;
        }

        var body = span.Slice(HeaderBytes, (int)length);
        if (Crc32.HashToUInt32(body) != BinaryPrimitives.ReadUInt32LittleEndian(span[4..]))
        {
            return ReadResult.Corrupt;
        }

        var sequence = BinaryPrimitives.ReadInt64LittleEndian(body);
        var kind = (JournalRecordKind)body[8];
        var projectLength = BinaryPrimitives.ReadUInt16LittleEndian(body[9..]);
        if (FixedBodyBytes + projectLength > body.Length || kind is not (JournalRecordKind.Traces or JournalRecordKind.Metrics))
        {
            return ReadResult.Corrupt;
        }

        var project = Encoding.UTF8.GetString(body.Slice(FixedBodyBytes, projectLength));
        var payloadStart = HeaderBytes + FixedBodyBytes + projectLength;
        record = new JournalRecord(sequence, kind, project, data[payloadStart..(HeaderBytes + (int)length)]);
        consumed = HeaderBytes + (int)length;
        return ReadResult.Ok;
    }

    public enum ReadResult
    {
        Ok,

        /// <summary>The data ends inside the record: a write the crash cut short.</summary>
        Incomplete,

        /// <summary>The record's length or checksum is wrong.</summary>
        Corrupt,
    }
}
