using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Queries;
using Vigil.Storage.Contracts;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb.Tests;

public sealed class DuckDbDatabaseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Open_Twice_AppliesEachMigrationOnce()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(TestSpans.T0);
        using (DuckDbDatabase.Open(dir.Path, clock))
        {
        }

        clock.Advance(TimeSpan.FromHours(1));
        using var database = DuckDbDatabase.Open(dir.Path, clock);
        using var connection = database.OpenReader();

        Assert.Equal(MigrationRunner.All.Select(m => m.Version), MigrationRunner.AppliedVersions(connection).Order());
        Assert.Equal(MigrationRunner.All.Count, connection.ScalarInt64("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(
            Time.ToMicros(TestSpans.T0),
            connection.ScalarInt64("SELECT epoch_us(max(applied_at)) FROM schema_migrations"));
        Assert.Equal([1, 2], MigrationRunner.All.Take(2).Select(m => m.Version));
    }

    [Fact]
    public async Task Data_SurvivesDisposeAndReopen()
    {
        using var dir = new TempDirectory();
        var spans = new TestSpans();
        var span = spans.Span();
        var key = Core.Projects.ApiKeySecrets.Create("p1", "k", Core.Projects.ApiKeyScope.Read, TestSpans.T0).Key;
        using (var database = DuckDbDatabase.Open(dir.Path, new FakeTimeProvider()))
        {
            await new DuckDbTelemetryStore(database).AppendAsync(new() { Spans = [span] }, CancellationToken.None).WaitAsync(Timeout);
            await new DuckDbControlStateStore(database).SaveApiKeyAsync(key, CancellationToken.None).WaitAsync(Timeout);
        }

        using (var database = DuckDbDatabase.Open(dir.Path, new FakeTimeProvider()))
        {
            var store = new DuckDbTelemetryStore(database);
            Assert.NotNull(await store.GetTraceAsync("p1", span.TraceId, CancellationToken.None).WaitAsync(Timeout));
            var costs = await store.GetCostsAsync(
                new CostQuery { ProjectId = "p1", Range = new TimeRange(TestSpans.T0, TestSpans.T0.AddHours(1)) },
                CancellationToken.None).WaitAsync(Timeout);
            Assert.Equal(span.Cost, costs.TotalCost);
            Assert.Equal(key, await new DuckDbControlStateStore(database).FindApiKeyAsync(key.SecretHash, CancellationToken.None).WaitAsync(Timeout));
        }
    }

    [Fact]
    public void InMemoryDatabases_AreIndependent()
    {
        using var a = DuckDbDatabase.OpenInMemory(new FakeTimeProvider());
        using var b = DuckDbDatabase.OpenInMemory(new FakeTimeProvider());
        using (var writer = a.OpenReader())
        {
            writer.Execute("CREATE TABLE only_in_a (x INTEGER)");
        }

        using var reader = b.OpenReader();
        Assert.Equal(0, reader.ScalarInt64("SELECT count(*) FROM information_schema.tables WHERE table_name = 'only_in_a'"));
        Assert.Null(a.FilePath);
    }

    [Fact]
    public void LockConflict_DuckDbsMessage_IsTranslatedToStoreLockedException()
    {
        // The text DuckDB 1.5 gives when another process holds the file (captured on this machine);
        // DuckDBException cannot be constructed outside DuckDB.NET, and only the message matters.
        const string message = "DuckDBOpen failed: IO Error: Could not set lock on file \"/var/lib/vigil/vigil.duckdb\": " +
            "Conflicting lock is held in /usr/share/dotnet/dotnet (PID 4722). See also https://duckdb.org/docs/stable/connect/concurrency";

        var translated = LockErrors.Translate(new IOException(message), "/var/lib/vigil/vigil.duckdb");

        Assert.NotNull(translated);
        Assert.Contains("another Vigil process owns the data directory '/var/lib/vigil'", translated.Message, StringComparison.Ordinal);
        Assert.Equal("/var/lib/vigil/vigil.duckdb", translated.FilePath);
        Assert.IsType<IOException>(translated.InnerException);
    }

    [Fact]
    public void OtherErrors_AreNotTranslated() =>
        Assert.Null(LockErrors.Translate(new IOException("IO Error: Cannot open file: Permission denied"), "/x/vigil.duckdb"));

    [Fact]
    public void Use_AfterDispose_Throws()
    {
        var database = DuckDbDatabase.OpenInMemory(new FakeTimeProvider());
        database.Dispose();
        database.Dispose();

        Assert.Throws<ObjectDisposedException>(() => database.OpenReader());
    }
}

public sealed class DuckDbControlStateStoreUpsertTests
{
    [Fact]
    public async Task SaveApiKey_Again_ReplacesTheStoredKey()
    {
        using var database = DuckDbDatabase.OpenInMemory(new FakeTimeProvider(TestSpans.T0));
        var store = new DuckDbControlStateStore(database);
        var key = Core.Projects.ApiKeySecrets.Create("p1", "ci", Core.Projects.ApiKeyScope.Ingest, TestSpans.T0).Key;
        await store.SaveApiKeyAsync(key, CancellationToken.None);

        var renamed = key with { Name = "ci-renamed", RevokedAt = TestSpans.T0.AddDays(1) };
        await store.SaveApiKeyAsync(renamed, CancellationToken.None);

        Assert.Equal(renamed, await store.FindApiKeyAsync(key.SecretHash, CancellationToken.None));
        Assert.Single(await store.ListApiKeysAsync(null, CancellationToken.None));
    }
}
