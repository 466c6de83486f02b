using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Ports;
using Vigil.Storage.Contracts;

namespace Vigil.Storage.DuckDb.Tests;

/// <summary>
/// Opens a fresh in-memory database per test. <c>compactAfterEveryBatch</c> runs the contracts a
/// second time with the clock a day past the data, so that every batch is compacted at once and
/// hour-step queries read the hourly rollups: the answers must not change.
/// </summary>
internal static class DuckDbStores
{
    public static DuckDbTelemetryStore Telemetry(bool compactAfterEveryBatch, out DuckDbDatabase database)
    {
        var clock = new FakeTimeProvider(TestSpans.T0.AddDays(2));
        database = DuckDbDatabase.OpenInMemory(clock);
        var options = compactAfterEveryBatch
            ? new DuckDbStoreOptions { CompactEveryBatches = 1 }
            : new DuckDbStoreOptions { CompactEveryBatches = 0 };
        return new DuckDbTelemetryStore(database, options);
    }
}

public sealed class DuckDbTelemetryStoreTests : TelemetryStoreContract
{
    private DuckDbDatabase? _database;

    protected override Task<ITelemetryStore> CreateStoreAsync() =>
        Task.FromResult<ITelemetryStore>(DuckDbStores.Telemetry(compactAfterEveryBatch: false, out _database));

    protected override Task DisposeStoreAsync(ITelemetryStore store)
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class DuckDbTelemetryStoreCompactedTests : TelemetryStoreContract
{
    private DuckDbDatabase? _database;

    protected override Task<ITelemetryStore> CreateStoreAsync() =>
        Task.FromResult<ITelemetryStore>(DuckDbStores.Telemetry(compactAfterEveryBatch: true, out _database));

    protected override Task DisposeStoreAsync(ITelemetryStore store)
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class DuckDbStatsTests : TelemetryStatsContract
{
    private DuckDbDatabase? _database;

    protected override Task<ITelemetryStore> CreateStoreAsync() =>
        Task.FromResult<ITelemetryStore>(DuckDbStores.Telemetry(compactAfterEveryBatch: false, out _database));

    protected override Task DisposeStoreAsync(ITelemetryStore store)
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class DuckDbStatsCompactedTests : TelemetryStatsContract
{
    private DuckDbDatabase? _database;

    protected override Task<ITelemetryStore> CreateStoreAsync() =>
        Task.FromResult<ITelemetryStore>(DuckDbStores.Telemetry(compactAfterEveryBatch: true, out _database));

    protected override Task DisposeStoreAsync(ITelemetryStore store)
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class DuckDbTraceSearchTests : TraceSearchContract
{
    private DuckDbDatabase? _database;

    protected override Task<ITelemetryStore> CreateStoreAsync() =>
        Task.FromResult<ITelemetryStore>(DuckDbStores.Telemetry(compactAfterEveryBatch: false, out _database));

    protected override Task DisposeStoreAsync(ITelemetryStore store)
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class DuckDbCostReportTests : CostReportContract
{
    private DuckDbDatabase? _database;

    protected override Task<ITelemetryStore> CreateStoreAsync() =>
        Task.FromResult<ITelemetryStore>(DuckDbStores.Telemetry(compactAfterEveryBatch: false, out _database));

    protected override Task DisposeStoreAsync(ITelemetryStore store)
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class DuckDbCostReportCompactedTests : CostReportContract
{
    private DuckDbDatabase? _database;

    protected override Task<ITelemetryStore> CreateStoreAsync() =>
        Task.FromResult<ITelemetryStore>(DuckDbStores.Telemetry(compactAfterEveryBatch: true, out _database));

    protected override Task DisposeStoreAsync(ITelemetryStore store)
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class DuckDbSliEventSourceTests : SliEventSourceContract
{
    private DuckDbDatabase? _database;

    protected override Task<ITelemetryStore> CreateStoreAsync() =>
        Task.FromResult<ITelemetryStore>(DuckDbStores.Telemetry(compactAfterEveryBatch: false, out _database));

    protected override Task DisposeStoreAsync(ITelemetryStore store)
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Compaction rewrites rollup rows only (batch_seq = 0): spans and evaluations keep their batch numbers.</summary>
public sealed class DuckDbSliEventSourceCompactedTests : SliEventSourceContract
{
    private DuckDbDatabase? _database;

    protected override Task<ITelemetryStore> CreateStoreAsync() =>
        Task.FromResult<ITelemetryStore>(DuckDbStores.Telemetry(compactAfterEveryBatch: true, out _database));

    protected override Task DisposeStoreAsync(ITelemetryStore store)
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class DuckDbControlStateStoreTests : ControlStateStoreContract
{
    private DuckDbDatabase? _database;

    protected override Task<IControlStateStore> CreateStoreAsync()
    {
        _database = DuckDbDatabase.OpenInMemory(new FakeTimeProvider(TestSpans.T0));
        return Task.FromResult<IControlStateStore>(new DuckDbControlStateStore(_database));
    }

    protected override Task DisposeStoreAsync(IControlStateStore store)
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>On a file, so that <see cref="ReleaseStoreContract.Data_SurvivesClosingAndReopening"/> really reopens it.</summary>
public sealed class DuckDbReleaseStoreTests : ReleaseStoreContract
{
    private readonly TempDirectory _directory = new();
    private DuckDbDatabase? _database;

    protected override Task<IReleaseStore> CreateStoreAsync() => Task.FromResult<IReleaseStore>(Open());

    protected override Task<IReleaseStore> ReopenStoreAsync(IReleaseStore store)
    {
        _database?.Dispose();
        return Task.FromResult<IReleaseStore>(Open());
    }

    protected override Task DisposeStoreAsync(IReleaseStore store)
    {
        _database?.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    private DuckDbReleaseStore Open()
    {
        _database = DuckDbDatabase.Open(_directory.Path, new FakeTimeProvider(TestSpans.T0));
        return new DuckDbReleaseStore(_database);
    }
}

/// <summary>On a file, so that <see cref="EvalStoreContract.Data_SurvivesClosingAndReopening"/> really reopens it.</summary>
public sealed class DuckDbEvalStoreTests : EvalStoreContract
{
    private readonly TempDirectory _directory = new();
    private DuckDbDatabase? _database;

    protected override Task<IEvalStore> CreateStoreAsync() => Task.FromResult<IEvalStore>(Open());

    protected override Task<IEvalStore> ReopenStoreAsync(IEvalStore store)
    {
        _database?.Dispose();
        return Task.FromResult<IEvalStore>(Open());
    }

    protected override Task DisposeStoreAsync(IEvalStore store)
    {
        _database?.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    private DuckDbEvalStore Open()
    {
        _database = DuckDbDatabase.Open(_directory.Path, new FakeTimeProvider(TestSpans.T0));
        return new DuckDbEvalStore(_database);
    }
}

public sealed class DuckDbEvaluationSeriesTests : EvaluationSeriesContract
{
    private DuckDbDatabase? _database;

    protected override Task<ITelemetryStore> CreateStoreAsync() =>
        Task.FromResult<ITelemetryStore>(DuckDbStores.Telemetry(compactAfterEveryBatch: false, out _database));

    protected override Task DisposeStoreAsync(ITelemetryStore store)
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}
