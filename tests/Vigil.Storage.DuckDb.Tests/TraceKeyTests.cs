using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Storage.Contracts;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb.Tests;

public sealed class TraceKeyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Of_IsFnv1a64_StableAcrossProcesses()
    {
        Assert.Equal(unchecked((long)14695981039346656037), TraceKey.Of(string.Empty));
        Assert.Equal(unchecked((long)0xaf63dc4c8601ec8c), TraceKey.Of("a"));
    }

    [Fact]
    public async Task TracesWhoseKeysCollide_AreStillToldApartById()
    {
        using var database = DuckDbDatabase.OpenInMemory(new FakeTimeProvider(TestSpans.T0));
        var store = new DuckDbTelemetryStore(database);
        var spans = new TestSpans();
        var mine = spans.Span();
        var impostor = spans.Span(feature: "impostor", cost: 9m);
        await store.AppendAsync(new TelemetryBatch { Spans = [mine, impostor] }, CancellationToken.None).WaitAsync(Timeout);
        using (var connection = database.OpenReader())
        {
            connection.Execute("UPDATE spans SET trace_key = $key WHERE trace_id = $id", ("key", TraceKey.Of(mine.TraceId)), ("id", impostor.TraceId));
        }

        var trace = await store.GetTraceAsync("p1", mine.TraceId, CancellationToken.None).WaitAsync(Timeout);
        var page = await store.SearchTracesAsync(
            new TraceQuery { ProjectId = "p1", Range = new TimeRange(TestSpans.T0, TestSpans.T0.AddHours(1)), Filter = new SpanFilter { Feature = "chat" } },
            CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(mine.SpanId, Assert.Single(trace!.Roots).Span.SpanId);
        var summary = Assert.Single(page.Items);
        Assert.Equal((mine.TraceId, 1, mine.Cost), (summary.TraceId, summary.SpanCount, (decimal?)summary.Cost));
    }
}
