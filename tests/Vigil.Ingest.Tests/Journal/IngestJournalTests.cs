using System.Text;
using Vigil.Ingest.Journal;

namespace Vigil.Ingest.Tests.Journal;

public sealed class IngestJournalTests : IDisposable
{
    private readonly JournalDirectory _dir = new();

    [Fact]
    public void Reopen_AfterSyncedWrites_ReadsEveryRecordBackInOrder()
    {
        using (var journal = IngestJournal.Open(_dir.Path))
        {
            Assert.Equal(1, journal.Write(JournalRecordKind.Traces, "proj-a", Payload("one")));
            Assert.Equal(2, journal.Write(JournalRecordKind.Metrics, "proj-b", Payload("two")));
            journal.Sync();
        }

        using var reopened = IngestJournal.Open(_dir.Path);
        var records = reopened.ReadAfter(0).ToList();
        Assert.Equal([1L, 2L], records.Select(r => r.Sequence));
        Assert.Equal(JournalRecordKind.Metrics, records[1].Kind);
        Assert.Equal("proj-b", records[1].ProjectId);
        Assert.Equal("two", Encoding.UTF8.GetString(records[1].Payload.Span));
        Assert.Equal(2, reopened.LastSequence);
        Assert.Equal([2L], reopened.ReadAfter(1).Select(r => r.Sequence));
    }

    [Fact]
    public void Reopen_AfterAWriteTornByACrash_CutsTheTornRecordAndNumbersOn()
    {
        using (var journal = IngestJournal.Open(_dir.Path))
        {
            journal.Write(JournalRecordKind.Traces, "p", Payload("kept"));
            journal.Write(JournalRecordKind.Traces, "p", Payload("torn by the crash"));
            journal.Sync();
        }

        var segment = Assert.Single(_dir.Segments());
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(length - 5);
        }

        using var reopened = IngestJournal.Open(_dir.Path);
        Assert.Equal([1L], reopened.ReadAfter(0).Select(r => r.Sequence));
        Assert.Equal(2, reopened.Write(JournalRecordKind.Traces, "p", Payload("after")));
        reopened.Sync();
        Assert.Equal(["kept", "after"], reopened.ReadAfter(0).Select(r => Encoding.UTF8.GetString(r.Payload.Span)));
    }

    [Fact]
    public void Reopen_WithAFlippedByteInTheLastRecord_TreatsItAsTornByItsChecksum()
    {
        using (var journal = IngestJournal.Open(_dir.Path))
        {
            journal.Write(JournalRecordKind.Traces, "p", Payload("kept"));
            journal.Write(JournalRecordKind.Traces, "p", Payload("damaged"));
            journal.Sync();
        }

        var segment = Assert.Single(_dir.Segments());
        var bytes = File.ReadAllBytes(segment);
        bytes[^2] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        using var reopened = IngestJournal.Open(_dir.Path);
        Assert.Equal([1L], reopened.ReadAfter(0).Select(r => r.Sequence));
    }

    [Fact]
    public void Open_WithADamagedOlderSegment_FailsNamingTheFileAndOffset()
    {
        using (var journal = IngestJournal.Open(_dir.Path, segmentBytes: 1024))
        {
            for (var i = 0; i < 6; i++)
            {
                journal.Write(JournalRecordKind.Traces, "p", new byte[400]);
            }

            journal.Sync();
        }

        var first = _dir.Segments()[0];
        var bytes = File.ReadAllBytes(first);
        bytes[20] ^= 0xFF;
        File.WriteAllBytes(first, bytes);

        var ex = Assert.Throws<InvalidDataException>(() => IngestJournal.Open(_dir.Path, segmentBytes: 1024));
        Assert.Contains(Path.GetFileName(first), ex.Message, StringComparison.Ordinal);
        Assert.Contains("damaged at byte 8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_PastTheSegmentSize_RollsOver_AndReleaseDeletesOnlyClosedSegmentsAtOrBelowTheWatermark()
    {
        using var journal = IngestJournal.Open(_dir.Path, segmentBytes: 1024);
        for (var i = 0; i < 6; i++)
        {
            journal.Write(JournalRecordKind.Traces, "p", new byte[400]);
            journal.Sync();
        }

        // 3 records of ~430 bytes pass 1 KiB: segments start at records 1, 4 (and the active one at 7 later).
        Assert.Equal(2, journal.SegmentCount);
        Assert.Equal(0, journal.ReleaseThrough(2));
        Assert.Equal(1, journal.ReleaseThrough(3));
        Assert.Equal(0, journal.ReleaseThrough(6)); // the active segment is never deleted
        Assert.Equal([4L, 5L, 6L], journal.ReadAfter(0).Select(r => r.Sequence));
        Assert.Equal("00000000000000000004.journal", Path.GetFileName(Assert.Single(_dir.Segments())));
    }

    [Fact]
    public void DiscardUnsynced_CutsTheRecordsWrittenSinceTheLastSync()
    {
        using (var journal = IngestJournal.Open(_dir.Path))
        {
            journal.Write(JournalRecordKind.Traces, "p", Payload("synced"));
            journal.Sync();
            journal.Write(JournalRecordKind.Traces, "p", Payload("refused"));
            journal.DiscardUnsynced();
            Assert.Equal(1, journal.LastSequence);
            Assert.Equal(2, journal.Write(JournalRecordKind.Traces, "p", Payload("next")));
            journal.Sync();
        }

        using var reopened = IngestJournal.Open(_dir.Path);
        Assert.Equal(["synced", "next"], reopened.ReadAfter(0).Select(r => Encoding.UTF8.GetString(r.Payload.Span)));
    }

    [Fact]
    public void SkipTo_AWatermarkAheadOfTheJournal_NumbersNewRecordsAfterIt()
    {
        using var journal = IngestJournal.Open(_dir.Path);
        journal.SkipTo(41);
        Assert.Equal(42, journal.Write(JournalRecordKind.Traces, "p", Payload("x")));
    }

    [Fact]
    public void Open_AFileThatIsNotASegment_FailsWithAnInstruction()
    {
        Directory.CreateDirectory(_dir.Path);
        File.WriteAllText(Path.Combine(_dir.Path, "notes.journal"), "hello");
        var ex = Assert.Throws<InvalidDataException>(() => IngestJournal.Open(_dir.Path));
        Assert.Contains("move it out of the journal directory", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static byte[] Payload(string text) => Encoding.UTF8.GetBytes(text);
}
