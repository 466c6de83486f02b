using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vigil.Ingest.Journal;

/// <summary>
/// The ingest journal: an append-only log of acknowledged exports in numbered segment files
/// (<c>journal/00000000000000000001.journal</c>, named by their first sequence number). An export is
/// acknowledged once its record is fsynced here; the store applies records later in large
/// transactions, and a segment is deleted once the store's watermark passes its last record. After a
/// crash, <see cref="ReadAfter"/> gives back exactly the records the store has not committed.
/// <para>
/// One thread writes (<see cref="Write"/>, <see cref="Sync"/>, <see cref="DiscardUnsynced"/>); any
/// thread may call <see cref="ReleaseThrough"/>.
/// </para>
/// </summary>
public sealed class IngestJournal : IDisposable
{
    private const string Extension = ".journal";

    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly ILogger _logger;
    private readonly List<Segment> _segments;
    private readonly Lock _segmentsGate = new();
    private byte[] _prefix = new byte[256];
    private FileStream? _active;
    private long _syncedLength;
    private long _syncedSequence;

    private IngestJournal(string directory, long segmentBytes, ILogger logger, List<Segment> segments, long lastSequence)
    {
        _directory = directory;
        _segmentBytes = segmentBytes;
        _logger = logger;
        _segments = segments;
        LastSequence = lastSequence;
        _syncedSequence = lastSequence;
    }

    /// <summary>The sequence number of the last record written (synced or not).</summary>
    public long LastSequence { get; private set; }

    /// <summary>Bytes in the journal's segment files.</summary>
    public long SizeBytes
    {
        get
        {
            lock (_segmentsGate)
            {
                return _segments.Sum(s => s.Length);
            }
        }
    }

    /// <summary>Segment files on disk.</summary>
    public int SegmentCount
    {
        get
        {
            lock (_segmentsGate)
            {
                return _segments.Count;
            }
        }
    }

    /// <summary>
    /// Opens (or creates) the journal in <paramref name="directory"/>, checking every record. A
    /// record torn by a crash at the end of the last segment is cut off (it was never acknowledged);
    /// damage anywhere else stops the opening with an error naming the file and offset.
    /// </summary>
    /// <exception cref="InvalidDataException">A segment other than the last is damaged.</exception>
    public static IngestJournal Open(string directory, long segmentBytes = 64L * 1024 * 1024, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentBytes, 1024);
        logger ??= NullLogger.Instance;
        Directory.CreateDirectory(directory);
        var files = Directory.GetFiles(directory, "*" + Extension)
            .Select(path => (Path: path, First: ParseFirstSequence(path)))
            .OrderBy(f => f.First)
            .ToList();

        var segments = new List<Segment>();
        var last = 0L;
        for (var i = 0; i < files.Count; i++)
        {
            var isLast = i == files.Count - 1;
            var segment = Scan(files[i].Path, files[i].First, last, isLast, logger);
            if (segment is not null)
            {
                segments.Add(segment);
                last = Math.Max(last, segment.LastSequence);
            }
        }

        return new IngestJournal(directory, segmentBytes, logger, segments, last);
    }

    /// <summary>Every record with a sequence number above <paramref name="watermark"/>, in order.</summary>
    public IEnumerable<JournalRecord> ReadAfter(long watermark)
    {
        List<Segment> segments;
        lock (_segmentsGate)
        {
            segments = [.. _segments.Where(s => s.LastSequence > watermark)];
        }

        foreach (var segment in segments)
        {
            ReadOnlyMemory<byte> data = File.ReadAllBytes(segment.Path);
            var offset = JournalFormat.Magic.Length;
            while (offset < data.Length && JournalFormat.TryRead(data[offset..], out var record, out var consumed) == JournalFormat.ReadResult.Ok)
            {
                offset += consumed;
                if (record.Sequence > watermark)
                {
                    yield return record;
                }
            }
        }
    }

    /// <summary>
    /// Continues numbering after <paramref name="watermark"/> when the journal is behind the store
    /// (its files were removed): a new record must never carry a number the store has committed.
    /// </summary>
    public void SkipTo(long watermark)
    {
        if (watermark > LastSequence)
        {
            CloseActive();
            LastSequence = _syncedSequence = watermark;
        }
    }

    /// <summary>Appends a record (buffered; durable after <see cref="Sync"/>) and returns its sequence number.</summary>
    public long Write(JournalRecordKind kind, string projectId, ReadOnlySpan<byte> payload)
    {
        var projectBytes = Encoding.UTF8.GetByteCount(projectId);
        if (projectBytes > ushort.MaxValue)
        {
            throw new ArgumentException($"project id of {projectBytes} bytes is too long for the journal", nameof(projectId));
        }

        var stream = ActiveStream();
        var sequence = LastSequence + 1;
        var prefixLength = JournalFormat.PrefixBytes(projectBytes);
        if (_prefix.Length < prefixLength)
        {
            _prefix = new byte[prefixLength];
        }

        var prefix = _prefix.AsSpan(0, prefixLength);
        Encoding.UTF8.GetBytes(projectId, prefix[(JournalFormat.HeaderBytes + JournalFormat.FixedBodyBytes)..]);
        JournalFormat.WritePrefix(prefix, sequence, kind, prefix.Slice(JournalFormat.HeaderBytes + JournalFormat.FixedBodyBytes, projectBytes), payload);
        stream.Write(prefix);
        stream.Write(payload);
        LastSequence = sequence;
        lock (_segmentsGate)
        {
            var segment = _segments[^1];
            segment.LastSequence = sequence;
            segment.Length = stream.Position;
        }

        return sequence;
    }

    /// <summary>Makes every record written so far durable (write and fsync).</summary>
    public void Sync()
    {
        if (_active is null)
        {
            return;
        }

        _active.Flush(flushToDisk: true);
        _syncedLength = _active.Position;
        _syncedSequence = LastSequence;
    }

    /// <summary>
    /// After a failed <see cref="Write"/> or <see cref="Sync"/>: cuts the active segment back to what
    /// was last synced, so that records whose exports were refused are never replayed.
    /// </summary>
    public void DiscardUnsynced()
    {
        if (_active is null || LastSequence == _syncedSequence)
        {
            return;
        }

        try
        {
            _active.SetLength(_syncedLength);
            _active.Position = _syncedLength;
            _active.Flush(flushToDisk: true);
        }
        catch (IOException ex)
        {
            // The file cannot be cut; close it, so the next write starts a new segment and replay
            // stops at the damaged tail of this one.
            Log.DiscardFailed(_logger, _active.Name, ex);
            CloseActive();
        }

        LastSequence = _syncedSequence;
        lock (_segmentsGate)
        {
            _segments[^1].LastSequence = Math.Min(_segments[^1].LastSequence, _syncedSequence);
            _segments[^1].Length = _syncedLength;
        }
    }

    /// <summary>Deletes the closed segments whose every record is at or below <paramref name="watermark"/>.</summary>
    /// <returns>How many segments were deleted.</returns>
    public int ReleaseThrough(long watermark)
    {
        List<Segment> released;
        lock (_segmentsGate)
        {
            released = [.. _segments.Where(s => s.IsClosed && s.LastSequence <= watermark)];
            _segments.RemoveAll(released.Contains);
        }

        foreach (var segment in released)
        {
            File.Delete(segment.Path);
        }

        return released.Count;
    }

    public void Dispose() => CloseActive();

    private FileStream ActiveStream()
    {
        if (_active is not null && _active.Position >= _segmentBytes)
        {
            Sync();
            CloseActive();
        }

        if (_active is null)
        {
            var first = LastSequence + 1;
            var path = Path.Combine(_directory, first.ToString("D20", CultureInfo.InvariantCulture) + Extension);
            _active = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
            _active.Write(JournalFormat.Magic);
            _active.Flush(flushToDisk: true);
            _syncedLength = _active.Position;
            lock (_segmentsGate)
            {
                _segments.Add(new Segment(path, first) { LastSequence = LastSequence, Length = _active.Position });
            }
        }

        return _active;
    }

    private void CloseActive()
    {
        if (_active is null)
        {
            return;
        }

        _active.Dispose();
        _active = null;
        lock (_segmentsGate)
        {
            if (_segments.Count > 0)
            {
                _segments[^1].IsClosed = true;
            }
        }
    }

    private static Segment? Scan(string path, long first, long previousLast, bool isLast, ILogger logger)
    {
        var data = File.ReadAllBytes(path);
        if (data.Length < JournalFormat.Magic.Length || !data.AsSpan(0, JournalFormat.Magic.Length).SequenceEqual(JournalFormat.Magic))
        {
            if (isLast && data.Length < JournalFormat.Magic.Length)
            {
                // Created by a crash before its header was written: it holds nothing.
                File.Delete(path);
                return null;
            }

            throw new InvalidDataException($"journal segment '{path}' does not start with the journal header; it is not a Vigil journal file (move it out of the journal directory)");
        }

        var memory = data.AsMemory();
        var offset = JournalFormat.Magic.Length;
        var last = first - 1;
        while (offset < data.Length)
        {
            var result = JournalFormat.TryRead(memory[offset..], out var record, out var consumed);
            var expected = last + 1;
            if (result == JournalFormat.ReadResult.Ok && record.Sequence != expected)
            {
                result = JournalFormat.ReadResult.Corrupt;
            }

            if (result != JournalFormat.ReadResult.Ok)
            {
                if (!isLast)
                {
                    throw new InvalidDataException(
                        $"journal segment '{path}' is damaged at byte {offset} (record {expected}); the exports from there to the end of that file cannot be replayed. " +
                        "Move the file out of the journal directory to start without them.");
                }

                Log.TornTailCut(logger, path, data.Length - offset, offset);
                using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
                file.SetLength(offset);
                file.Flush(flushToDisk: true);
                break;
            }

            last = record.Sequence;
            offset += consumed;
        }

        if (first <= previousLast)
        {
            throw new InvalidDataException($"journal segment '{path}' starts at record {first}, which an earlier segment already holds");
        }

        if (last < first)
        {
            // No record survived: the file holds nothing to replay, and its name is the next one's.
            File.Delete(path);
            return null;
        }

        // A segment left by an earlier run is never appended to again: new records start a new file.
        return new Segment(path, first) { LastSequence = last, Length = offset, IsClosed = true };
    }

    private static long ParseFirstSequence(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var first) && first > 0
            ? first
            : throw new InvalidDataException($"'{path}' in the journal directory is not named <first record number>{Extension}; move it out of the journal directory");
    }

    private sealed class Segment(string path, long firstSequence)
    {
        public string Path { get; } = path;

        public long FirstSequence { get; } = firstSequence;

        public long LastSequence { get; set; }

        public long Length { get; set; }

        public bool IsClosed { get; set; }
    }
}
