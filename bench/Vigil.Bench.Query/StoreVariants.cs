using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Bench.Harness;
using Vigil.Core.Queries;
using Vigil.Storage.DuckDb;

namespace Vigil.Bench.Query;

/// <summary>One timed variant of the stats query, in process.</summary>
internal sealed record VariantTiming(string Name, double P50Ms, int Points, int Series);

/// <summary>
/// Where the query's time goes, through the store's public API only (so it keeps working while the
/// store's internals change): the goal query, then variants that change one thing each — fewer
/// points over the same rows (step 1 d), no grouping, a shorter range — and the JSON serialisation
/// of the answer with the API's conventions (camelCase, nulls omitted, enums as strings).
/// </summary>
internal static class StoreVariants
{
    private static readonly JsonSerializerOptions ApiLikeJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static StatsQuery GoalQuery(DatasetInfo info) => new()
    {
        ProjectId = "default",
        Range = new TimeRange(info.From, info.To),
        Step = TimeSpan.FromHours(1),
        GroupBy = GroupBy.Feature,
    };

    public static async Task<(double[] GoalTimes, List<VariantTiming> Variants, (double Ms, long Bytes) Json)> RunAsync(
        string dataDirectory, DatasetInfo info, int warmup, int runs, CancellationToken cancellationToken)
    {
        using var database = DuckDbDatabase.Open(dataDirectory, TimeProvider.System);
        var store = new DuckDbTelemetryStore(database);
        var goal = GoalQuery(info);
        var (goalTimes, answer) = await TimeAsync(store, goal, warmup, runs, cancellationToken);

        var variants = new List<VariantTiming> { Variant("30 d, step 1 h, by feature (the goal query)", goalTimes, answer) };
        foreach (var (name, query) in new[]
        {
            ("30 d, step 1 d, by feature (same rows, 1/24 of the points)", goal with { Step = TimeSpan.FromDays(1) }),
            ("30 d, step 1 h, no grouping", goal with { GroupBy = GroupBy.None }),
            ("30 d, step 1 h, by model", goal with { GroupBy = GroupBy.Model }),
            ("30 d on whole hours (no partial hour at either end), step 1 h, by feature", goal with
            {
                Range = new TimeRange(CeilHour(info.From), info.To.AddTicks(-(info.To.UtcTicks % TimeSpan.TicksPerHour))),
            }),
            ("7 d, step 1 h, by feature", goal with { Range = new TimeRange(info.To - TimeSpan.FromDays(7), info.To) }),
            ("1 d, step 1 h, by feature", goal with { Range = new TimeRange(info.To - TimeSpan.FromDays(1), info.To) }),
        })
        {
            var (times, result) = await TimeAsync(store, query, 1, Math.Min(runs, 5), cancellationToken);
            variants.Add(Variant(name, times, result));
        }

        var json = new List<double>();
        long bytes = 0;
        for (var i = 0; i < 6; i++)
        {
            var watch = Stopwatch.StartNew();
            bytes = JsonSerializer.SerializeToUtf8Bytes(answer, ApiLikeJson).LongLength;
            if (i > 0)
            {
                json.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return (goalTimes, variants, (Percentiles.OfSorted(Percentiles.Sorted(json), 0.5), bytes));
    }

    private static DateTimeOffset CeilHour(DateTimeOffset time) =>
        time.UtcTicks % TimeSpan.TicksPerHour == 0 ? time : time.AddTicks(TimeSpan.TicksPerHour - (time.UtcTicks % TimeSpan.TicksPerHour));

    private static VariantTiming Variant(string name, double[] times, StatsResult result) =>
        new(name, Percentiles.OfSorted(times, 0.5), result.Series.Sum(s => s.Points.Count), result.Series.Count);

    private static async Task<(double[] Times, StatsResult Last)> TimeAsync(DuckDbTelemetryStore store, StatsQuery query, int warmup, int runs, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        StatsResult? last = null;
        for (var i = 0; i < warmup + runs; i++)
        {
            var watch = Stopwatch.StartNew();
            last = await store.GetStatsAsync(query, cancellationToken);
            if (i >= warmup)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return (Percentiles.Sorted(times), last!);
    }
}
