using System.Globalization;
using System.Text.Json;

namespace Vigil.Bench.Query;

/// <summary>One (feature, hour) cell of a stats answer, whichever way it was computed.</summary>
internal sealed record StatsCell(long Count, double CostSum, double? LatencyP50, double? LatencyP95, double? LatencyP99);

/// <summary>A stats answer as cells keyed by (feature, hour start in Unix microseconds).</summary>
internal sealed class StatsAnswer
{
    public Dictionary<(string Feature, long HourMicros), StatsCell> Cells { get; } = [];

    public long TotalCount => Cells.Values.Sum(c => c.Count);

    public Dictionary<string, long> CountByFeature() =>
        Cells.GroupBy(c => c.Key.Feature, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Value.Count), StringComparer.Ordinal);

    /// <summary>Reads the JSON of <c>GET /api/v1/stats?groupBy=feature</c>.</summary>
    public static StatsAnswer FromApiJson(byte[] json)
    {
        var answer = new StatsAnswer();
        using var document = JsonDocument.Parse(json);
        foreach (var series in document.RootElement.GetProperty("series").EnumerateArray())
        {
            var feature = series.TryGetProperty("group", out var group) ? group.GetString() ?? string.Empty : string.Empty;
            foreach (var point in series.GetProperty("points").EnumerateArray())
            {
                var time = DateTimeOffset.Parse(point.GetProperty("time").GetString()!, CultureInfo.InvariantCulture);
                answer.Cells[(feature, (time - DateTimeOffset.UnixEpoch).Ticks / 10)] = new StatsCell(
                    point.GetProperty("count").GetInt64(),
                    point.GetProperty("costSum").GetDouble(),
                    Optional(point, "latencyP50Ms"),
                    Optional(point, "latencyP95Ms"),
                    Optional(point, "latencyP99Ms"));
            }
        }

        return answer;
    }

    /// <summary>
    /// Relative differences between the quantiles of two answers, per quantile, over the cells of
    /// <paramref name="exact"/> holding at least <paramref name="minCount"/> spans: the median, the
    /// 95th percentile and the largest difference.
    /// </summary>
    public static List<(string Quantile, double Median, double P95, double Max, int Cells)> QuantileAgreement(StatsAnswer approximate, StatsAnswer exact, long minCount)
    {
        var selectors = new (string Name, Func<StatsCell, double?> Read)[] { ("p50", c => c.LatencyP50), ("p95", c => c.LatencyP95), ("p99", c => c.LatencyP99) };
        var result = new List<(string, double, double, double, int)>();
        foreach (var (name, read) in selectors)
        {
            var differences = new List<double>();
            foreach (var (key, cell) in exact.Cells)
            {
                if (cell.Count >= minCount && approximate.Cells.TryGetValue(key, out var other) && read(other) is { } a && read(cell) is { } e && e > 0)
                {
                    differences.Add(Math.Abs(a - e) / e);
                }
            }

            differences.Sort();
            result.Add(differences.Count == 0
                ? (name, double.NaN, double.NaN, double.NaN, 0)
                : (name, differences[differences.Count / 2], differences[(int)Math.Min(differences.Count - 1, Math.Ceiling(0.95 * differences.Count) - 1)], differences[^1], differences.Count));
        }

        return result;
    }

    private static double? Optional(JsonElement point, string name) =>
        point.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
