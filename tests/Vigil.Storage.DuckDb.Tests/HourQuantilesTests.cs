using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Storage.Contracts;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb.Tests;

/// <summary>
/// Hour steps over the projected hourly rollups take a point's quantiles from its stored sketch's
/// precomputed buckets, or merge the decoded sketch with the hour's uncompacted minutes. Both must
/// answer exactly as the raw spans do (a user filter reads them, with the same sketch buckets).
/// </summary>
public sealed class HourQuantilesTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset T0 = TestSpans.T0;

    private readonly DuckDbDatabase _database = DuckDbDatabase.OpenInMemory(new FakeTimeProvider(T0.AddDays(1)));
    private readonly DuckDbTelemetryStore _store;
    private readonly TestSpans _spans = new();

    public HourQuantilesTests() => _store = new DuckDbTelemetryStore(_database, new DuckDbStoreOptions { CompactEveryBatches = 0 });

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(60)]
    [InlineData(120)]
    [InlineData(1440)]
    public async Task HourSteps_WithAndWithoutUncompactedMinutes_EqualTheRawSpans(int stepMinutes)
    {
        // Hours 0–2 compacted; then more spans in hours 0 and 2 that stay uncompacted.
        await AppendAsync(0, 600, TimeSpan.FromHours(3));
        await _store.CompactRollupsAsync(T0.AddHours(3), CancellationToken.None).WaitAsync(Timeout);
        await AppendAsync(1, 80, TimeSpan.FromMinutes(50));
        await AppendAsync(2, 80, TimeSpan.FromMinutes(50), offset: TimeSpan.FromHours(2));

        foreach (var groupBy in new[] { GroupBy.None, GroupBy.Feature, GroupBy.Model })
        {
            foreach (var (from, to) in new[] { (T0, T0.AddHours(3)), (T0.AddMinutes(-30), T0.AddHours(4)), (T0.AddMinutes(20), T0.AddMinutes(150)) })
            {
                var fromRollups = await StatsAsync(stepMinutes, groupBy, from, to, SpanFilter.Any);
                var fromSpans = await StatsAsync(stepMinutes, groupBy, from, to, new SpanFilter { UserId = "u" });

                Assert.Equal(JsonSerializer.Serialize(fromSpans.Series), JsonSerializer.Serialize(fromRollups.Series));
                Assert.Equal(SpansIn(from, to), fromRollups.Series.SelectMany(s => s.Points).Sum(p => p.Count));
            }
        }
    }

    private long SpansIn(DateTimeOffset from, DateTimeOffset to)
    {
        using var connection = _database.OpenReader();
        return connection.ScalarInt64(
            "SELECT count(*) FROM spans WHERE start_time >= make_timestamp($from) AND start_time < make_timestamp($to)",
            ("from", Time.ToMicros(from)), ("to", Time.ToMicros(to)));
    }

    private async Task AppendAsync(int seed, int count, TimeSpan spread, TimeSpan offset = default)
    {
        var random = new Random(seed);
        var spans = Enumerable.Range(0, count).Select(i => _spans.Span(
            start: T0 + offset + TimeSpan.FromSeconds(random.NextDouble() * spread.TotalSeconds),
            durationMs: i % 17 == 0 ? 0 : Math.Exp(random.NextDouble() * 9),
            feature: i % 3 == 0 ? "chat" : "search",
            model: i % 4 == 0 ? null : "m" + (i % 2),
            userId: "u",
            status: i % 9 == 0 ? SpanStatus.Error : SpanStatus.Ok,
            cost: i % 5 == 0 ? null : (decimal)Math.Round(Math.Exp(random.NextDouble() * 8) / 1e5, 8)));
        await _store.AppendAsync(new TelemetryBatch { Spans = [.. spans] }, CancellationToken.None).WaitAsync(Timeout);
    }

    private Task<StatsResult> StatsAsync(int stepMinutes, GroupBy groupBy, DateTimeOffset from, DateTimeOffset to, SpanFilter filter) =>
        _store.GetStatsAsync(
            new StatsQuery { ProjectId = "p1", Range = new TimeRange(from, to), Step = TimeSpan.FromMinutes(stepMinutes), GroupBy = groupBy, Filter = filter },
            CancellationToken.None).WaitAsync(Timeout);
}
