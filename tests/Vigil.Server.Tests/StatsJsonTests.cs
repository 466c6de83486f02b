using System.IO.Pipelines;
using System.Text.Json;
using Vigil.Core.Queries;
using Vigil.Core.Statistics;
using Vigil.Server.Api;

namespace Vigil.Server.Tests;

/// <summary>The stats endpoint's hand-written JSON is exactly what the serialiser writes with the API's conventions.</summary>
public sealed class StatsJsonTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<int> Cases => [0, 1, 2, 3];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Write_IsByteForByteTheSerialisersJson(int index)
    {
        var result = Results()[index];

        var written = await WriteAsync(result);

        Assert.Equal(JsonSerializer.Serialize(result, ApiJson.Options), System.Text.Encoding.UTF8.GetString(written));
    }

    [Fact]
    public async Task Write_OfAnAnswerOverSeveralFlushes_ReadsBackAsTheSameResult()
    {
        var result = Answer(GroupBy.Feature, series: 8, points: 3_000, new Random(11));

        var written = await WriteAsync(result);

        Assert.True(written.Length > 2 * StatsJson.FlushBytes);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(result, ApiJson.Options), written);
        var back = JsonSerializer.Deserialize<StatsResult>(written, ApiJson.Options)!;
        Assert.Equal(result.Series.SelectMany(s => s.Points), back.Series.SelectMany(s => s.Points));
    }

    private static async Task<byte[]> WriteAsync(StatsResult result)
    {
        using var stream = new MemoryStream();
        var pipe = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        await StatsJson.WriteAsync(pipe, result, ApiJson.Options, CancellationToken.None);
        await pipe.CompleteAsync();
        return stream.ToArray();
    }

    private static List<StatsResult> Results() =>
    [
        new StatsResult(new TimeRange(T0, T0.AddDays(1)), TimeSpan.FromMinutes(5), GroupBy.None, []),
        Answer(GroupBy.None, series: 1, points: 50, new Random(1)),
        Answer(GroupBy.Model, series: 4, points: 30, new Random(2)) with { Step = TimeSpan.FromDays(1), Range = new TimeRange(T0.AddSeconds(-1.5), T0.AddDays(30)) },
        Answer(GroupBy.Release, series: 3, points: 10, new Random(3), groups: [null, "r<1>&'\"+ü\u2028", "\\ \t"]),
    ];

    /// <summary>Points with every kind of value: quantiles that are sketch bucket values or absent, awkward decimals and ratios.</summary>
    private static StatsResult Answer(GroupBy groupBy, int series, int points, Random random, string?[]? groups = null) =>
        new(
            new TimeRange(T0, T0.AddDays(30)),
            TimeSpan.FromHours(1),
            groupBy,
            [.. Enumerable.Range(0, series).Select(s => new StatsSeries(
                groups is null ? (groupBy == GroupBy.None ? null : "group-" + s) : groups[s],
                [.. Enumerable.Range(0, points).Select(p => Point(T0.AddHours(p), random))]))]);

    private static StatsPoint Point(DateTimeOffset time, Random random)
    {
        var count = random.Next(0, 5_000);
        double? Quantile(int low, int high) => random.Next(6) == 0 ? null : QuantileSketch.ValueOf((short)random.Next(low, high));
        return new StatsPoint
        {
            Time = time,
            Count = count,
            Errors = random.Next(0, count + 1),
            InputTokens = random.NextInt64(0, 10_000_000_000),
            OutputTokens = random.Next(),
            CacheReadTokens = random.Next(0, 3) == 0 ? 0 : random.Next(),
            CostSum = Math.Round((decimal)random.NextDouble() * 1_000m, random.Next(0, 11)),
            PricedCalls = random.Next(0, count + 1),
            UnpricedCalls = random.Next(0, 50),
            CostP50 = Quantile(-400, -50),
            CostP95 = Quantile(-400, -50),
            CostP99 = random.Next(20) == 0 ? 0 : Quantile(-400, -50),
            LatencyP50Ms = Quantile(0, 250),
            LatencyP95Ms = Quantile(0, 250),
            LatencyP99Ms = Quantile(0, 250),
        };
    }
}
