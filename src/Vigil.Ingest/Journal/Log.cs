using Microsoft.Extensions.Logging;

namespace Vigil.Ingest.Journal;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Cut {Bytes} bytes from the end of journal segment {Path} at offset {Offset}: a record the last crash tore (it was never acknowledged)")]
    public static partial void TornTailCut(ILogger logger, string path, long bytes, long offset);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not cut the unsynced records from journal segment {Path}; closing it")]
    public static partial void DiscardFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Records} journal records ({Items} items) above watermark {Watermark} into the store")]
    public static partial void Replayed(ILogger logger, long records, long items, long watermark);

    [LoggerMessage(Level = LogLevel.Error, Message = "The store could not commit {Items} acknowledged items (journal records up to {Sequence}); retrying in {Delay}")]
    public static partial void ApplyFailed(ILogger logger, int items, long sequence, TimeSpan delay, Exception exception);
}
