namespace Vigil.Storage.DuckDb;

/// <summary>How the DuckDB telemetry store maintains its rollups.</summary>
public sealed record DuckDbStoreOptions
{
    public static readonly DuckDbStoreOptions Default = new();

    /// <summary>
    /// Compact the per-minute rollups (and refresh the hourly ones) after this many appended batches;
    /// 0 leaves compaction to whoever calls <see cref="DuckDbTelemetryStore.CompactRollupsAsync"/>.
    /// </summary>
    public int CompactEveryBatches { get; init; } = 200;

    /// <summary>Minutes younger than this are left uncompacted by the automatic compaction.</summary>
    public TimeSpan CompactionLag { get; init; } = TimeSpan.FromMinutes(2);
}
