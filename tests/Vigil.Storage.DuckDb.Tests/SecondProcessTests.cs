using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Queries;
using Vigil.Storage.Contracts;

namespace Vigil.Storage.DuckDb.Tests;

/// <summary>Real second processes: this test assembly run through its own <see cref="Program"/>.</summary>
public sealed class SecondProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Open_WhileAnotherProcessHoldsTheFile_ThrowsStoreLockedExceptionNamingTheDirectory()
    {
        using var dir = new TempDirectory();
        using var child = Start("hold", dir.Path);
        Assert.Equal(Program.Ready, await ReadLineAsync(child));

        var error = Assert.Throws<StoreLockedException>(() => DuckDbDatabase.Open(dir.Path, new FakeTimeProvider()));

        Assert.Contains(dir.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("another Vigil process", error.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(dir.Path, DuckDbDatabase.FileName), error.FilePath);

        await child.StandardInput.WriteLineAsync();
        await child.WaitForExitAsync().WaitAsync(Timeout);
        using var reopened = DuckDbDatabase.Open(dir.Path, new FakeTimeProvider());
    }

    [Fact]
    public async Task Append_ThenKill9_TheCommittedBatchSurvives()
    {
        using var dir = new TempDirectory();
        var traceId = new TestSpans().NewTraceId();
        using (var child = Start("append", dir.Path, traceId))
        {
            Assert.Equal(Program.Committed, await ReadLineAsync(child));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync().WaitAsync(Timeout);
        }

        Assert.True(File.Exists(Path.Combine(dir.Path, DuckDbDatabase.FileName + ".wal")), "the commit should still be in the write-ahead log, not checkpointed");
        using var database = DuckDbDatabase.Open(dir.Path, new FakeTimeProvider());
        var store = new DuckDbTelemetryStore(database);
        var trace = await store.GetTraceAsync("p1", traceId, CancellationToken.None).WaitAsync(Timeout);
        Assert.NotNull(trace);
        var stats = await store.GetStatsAsync(
            new StatsQuery { ProjectId = "p1", Range = new TimeRange(TestSpans.T0, TestSpans.T0.AddHours(1)), Step = TimeSpan.FromHours(1) },
            CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(1, Assert.Single(Assert.Single(stats.Series).Points).Count);
    }

    private static Process Start(params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the child process");
    }

    private static async Task<string?> ReadLineAsync(Process child)
    {
        var line = await child.StandardOutput.ReadLineAsync().WaitAsync(Timeout);
        if (line is null)
        {
            var stderr = await child.StandardError.ReadToEndAsync().WaitAsync(Timeout);
            throw new InvalidOperationException($"the child process ended early: {stderr}");
        }

        return line;
    }
}
