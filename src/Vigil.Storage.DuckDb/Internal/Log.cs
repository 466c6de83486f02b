using Microsoft.Extensions.Logging;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>The store's log messages (event ids 3100–3199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Applied DuckDB migration {Version} ({Name})")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Compacted rollups before {Before}: {Minutes} minutes, {Hours} hours re-aggregated")]
    public static partial void RollupsCompacted(ILogger logger, DateTimeOffset before, long minutes, long hours);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Automatic rollup compaction failed; the appended batch is committed and compaction will be retried")]
    public static partial void CompactionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Retention deleted {Spans} spans before {RawBefore} and {RollupRows} rollup rows before {RollupsBefore}")]
    public static partial void RetentionApplied(ILogger logger, long spans, DateTimeOffset rawBefore, long rollupRows, DateTimeOffset rollupsBefore);
}
