using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Storage.Contracts;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb.Tests;

public sealed class RollupCompactionTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset T0 = TestSpans.T0;

    private readonly FakeTimeProvider _clock = new(T0.AddDays(1));
    private readonly DuckDbDatabase _database;
    private readonly DuckDbTelemetryStore _store;
    private readonly TestSpans _spans = new();

    public RollupCompactionTests()
    {
        _database = DuckDbDatabase.OpenInMemory(_clock);
        _store = new DuckDbTelemetryStore(_database, new DuckDbStoreOptions { CompactEveryBatches = 0 });
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Compaction_KeepsStatsAndCostsIdentical()
    {
        await AppendVariedBatchesAsync();
        var before = await SnapshotAsync();

        await _store.CompactRollupsAsync(T0.AddMinutes(95), CancellationToken.None).WaitAsync(Timeout);
        var halfway = await SnapshotAsync();
        await _store.CompactRollupsAsync(T0.AddDays(1), CancellationToken.None).WaitAsync(Timeout);
        var after = await SnapshotAsync();
        await AppendVariedBatchesAsync();
        await _store.CompactRollupsAsync(T0.AddMinutes(30), CancellationToken.None).WaitAsync(Timeout);
        var doubled = await SnapshotAsync();

        Assert.Equal(before, halfway);
        Assert.Equal(before, after);
        Assert.NotEqual(before, doubled);
    }

    [Fact]
    public async Task Compaction_LeavesOneRowPerKeyAndMinute_AndFillsTheHourlyRollup()
    {
        for (var i = 0; i < 4; i++)
        {
            await _store.AppendAsync(new TelemetryBatch { Spans = [_spans.Span(start: T0.AddSeconds(i)), _spans.Span(start: T0.AddMinutes(70))] }, CancellationToken.None).WaitAsync(Timeout);
        }

        Assert.Equal(8, Count("rollup_minute"));

        var minutes = await _store.CompactRollupsAsync(T0.AddHours(3), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(2, minutes);
        Assert.Equal(2, Count("rollup_minute"));
        Assert.Equal(0, Count("rollup_minute WHERE batch_seq > 0"));
        Assert.Equal(2, Count("rollup_hour"));
        Assert.Equal(8, SumHourSpans());
    }

    [Fact]
    public async Task Compaction_OfNothing_IsANoOp() =>
        Assert.Equal(0, await _store.CompactRollupsAsync(T0, CancellationToken.None).WaitAsync(Timeout));

    [Fact]
    public async Task AutomaticCompaction_RunsEveryNBatches()
    {
        var store = new DuckDbTelemetryStore(_database, new DuckDbStoreOptions { CompactEveryBatches = 3 });
        for (var i = 0; i < 2; i++)
        {
            await store.AppendAsync(new TelemetryBatch { Spans = [_spans.Span()] }, CancellationToken.None).WaitAsync(Timeout);
        }

        Assert.Equal(2, Count("rollup_minute WHERE batch_seq > 0"));

        await store.AppendAsync(new TelemetryBatch { Spans = [_spans.Span()] }, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(0, Count("rollup_minute WHERE batch_seq > 0"));
        Assert.Equal(1, Count("rollup_minute"));
    }

    [Fact]
    public async Task Retention_WithACutoffInsideAnHour_KeepsHourlyAndMinuteAnswersEqual()
    {
        await AppendVariedBatchesAsync();
        await _store.CompactRollupsAsync(T0.AddDays(1), CancellationToken.None).WaitAsync(Timeout);

        await _store.ApplyRetentionAsync(T0, T0.AddMinutes(75), CancellationToken.None).WaitAsync(Timeout);

        var byMinute = await StatsAsync(TimeSpan.FromMinutes(1), GroupBy.None, T0.AddDays(-1), T0.AddDays(1));
        var byHour = await StatsAsync(TimeSpan.FromHours(1), GroupBy.None, T0.AddDays(-1), T0.AddDays(1));
        var minuteCounts = byMinute.Series[0].Points.GroupBy(p => new DateTimeOffset(p.Time.Year, p.Time.Month, p.Time.Day, p.Time.Hour, 0, 0, TimeSpan.Zero)).ToDictionary(g => g.Key, g => g.Sum(p => p.Count));
        Assert.Equal(minuteCounts, byHour.Series[0].Points.ToDictionary(p => p.Time, p => p.Count));
        Assert.True(byMinute.Series[0].Points.All(p => p.Time >= T0.AddMinutes(75)));
    }

    private async Task AppendVariedBatchesAsync()
    {
        var features = new[] { "chat", "search", "agent" };
        var models = new[] { "gpt-4o", "claude", null };
        for (var batch = 0; batch < 12; batch++)
        {
            var spans = Enumerable.Range(0, 40).Select(i =>
            {
                var n = (batch * 40) + i;
                return _spans.Span(
                    start: T0.AddSeconds(n * 23 % 10_800),
                    durationMs: 5 + (n * 37 % 3000),
                    feature: features[n % 3],
                    model: models[n % 3],
                    team: n % 5 == 0 ? null : "t" + (n % 2),
                    userId: "u" + (n % 4),
                    status: n % 11 == 0 ? SpanStatus.Error : SpanStatus.Ok,
                    cost: n % 7 == 0 ? null : n / 10_000m);
            });
            await _store.AppendAsync(new TelemetryBatch { Spans = [.. spans] }, CancellationToken.None).WaitAsync(Timeout);
        }
    }

    private async Task<string> SnapshotAsync()
    {
        var results = new List<object>();
        foreach (var step in new[] { 1, 5, 60, 90, 120 })
        {
            foreach (var groupBy in new[] { GroupBy.None, GroupBy.Feature, GroupBy.Model, GroupBy.Team })
            {
                results.Add(await StatsAsync(TimeSpan.FromMinutes(step), groupBy, T0.AddDays(-1), T0.AddDays(1)));
                results.Add(await StatsAsync(TimeSpan.FromMinutes(step), groupBy, T0.AddMinutes(17), T0.AddMinutes(161)));
                results.Add(await StatsAsync(TimeSpan.FromMinutes(step), groupBy, T0.AddDays(-1), T0.AddDays(1), new SpanFilter { Feature = "chat" }));
                results.Add(await StatsAsync(TimeSpan.FromMinutes(step), groupBy, T0.AddMinutes(17), T0.AddMinutes(161), new SpanFilter { Team = "t1" }));
                results.Add(await StatsAsync(TimeSpan.FromMinutes(step), groupBy, T0.AddDays(-1), T0.AddDays(1), new SpanFilter { Team = "t1", Model = "claude" }));
            }
        }

        results.Add(await _store.GetCostsAsync(new CostQuery { ProjectId = "p1", Range = new TimeRange(T0.AddMinutes(17), T0.AddMinutes(161)) }, CancellationToken.None).WaitAsync(Timeout));
        results.Add(await _store.GetCostsAsync(new CostQuery { ProjectId = "p1", Range = new TimeRange(T0, T0.AddDays(1)) }, CancellationToken.None).WaitAsync(Timeout));
        return JsonSerializer.Serialize(results);
    }

    private Task<StatsResult> StatsAsync(TimeSpan step, GroupBy groupBy, DateTimeOffset from, DateTimeOffset to, SpanFilter? filter = null) =>
        _store.GetStatsAsync(
            new StatsQuery { ProjectId = "p1", Range = new TimeRange(from, to), Step = step, GroupBy = groupBy, Filter = filter ?? SpanFilter.Any },
            CancellationToken.None).WaitAsync(Timeout);

    private long Count(string tableAndCondition)
    {
        using var connection = _database.OpenReader();
        return connection.ScalarInt64("SELECT count(*) FROM " + tableAndCondition);
    }

    private long SumHourSpans()
    {
        using var connection = _database.OpenReader();
        return connection.ScalarInt64("SELECT sum(span_count)::BIGINT FROM rollup_hour");
    }
}
