using System.Globalization;

namespace Vigil.Bench.Harness;

/// <summary>
/// Reads the samples of a Prometheus text exposition (what <c>/metrics</c> serves), keyed by the
/// series as written: <c>name</c>, or <c>name{label="value"}</c> for labelled series.
/// </summary>
public static class PrometheusText
{
    public static Dictionary<string, double> Parse(string text)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.IndexOf(' ', Math.Max(0, line.LastIndexOf('}')));
            if (space > 0 && double.TryParse(line[(space + 1)..].Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values[line[..space]] = value;
            }
        }

        return values;
    }

    public static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient http, Uri baseAddress, CancellationToken cancellationToken)
    {
        var text = await http.GetStringAsync(new Uri(baseAddress, "metrics"), cancellationToken);
        return Parse(text);
    }
}
