using Vigil.Core.Detection;
using Vigil.Core.Queries;
using Vigil.Detectors;
using Vigil.Detectors.Cost;

namespace Vigil.Server.Detectors.Checks;

/// <summary>
/// Seasonal cost anomalies of the last complete hour per feature, team and model. History comes from the store once
/// and is then kept per hour (the last two hours are read again each run, for late spans). On an alert about a
/// feature the hour is decomposed against the baseline with the feature's spend by prompt version, model, team and
/// release, to name what carries it.
/// </summary>
internal sealed class CostAnomalyCheck(CostDetectorSettings settings) : IDetectorCheck
{
    private static readonly (UsageDimension Dimension, string Name)[] Breakdown =
        [(UsageDimension.PromptVersion, "prompt_version"), (UsageDimension.Model, "model"), (UsageDimension.Team, "team"), (UsageDimension.Release, "release")];

    private readonly Dictionary<(string Project, string By), HourCache> _history = [];

    public string Name => CostAnomalyDetector.Name;

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task<IReadOnlyList<Finding>> RunAsync(DetectorContext context, CancellationToken cancellationToken)
    {
        var hour = new DateTimeOffset(context.Now.UtcDateTime.Date.AddHours(context.Now.UtcDateTime.Hour), TimeSpan.Zero).AddHours(-1);
        var historyStart = hour - TimeSpan.FromDays(Math.Max(7 * settings.Baseline.Weeks, settings.Baseline.MaximumDays) + 1);
        var findings = new List<Finding>();
        foreach (var by in settings.By)
        {
            var cache = _history.TryGetValue((context.ProjectId, by), out var c) ? c : _history[(context.ProjectId, by)] = new HourCache();
            await cache.RefreshAsync(context, Dimension(by), historyStart, hour.AddHours(1), cancellationToken);
            foreach (var (group, hours) in cache.Groups())
            {
                var subject = Finding.Labels((by, group));
                var finding = CostAnomalyDetector.Evaluate(subject, hours, hour, options: settings.Baseline);
                if (finding.State == FindingState.Alert && by == "feature")
                {
                    var breakdown = await BreakdownAsync(context, group, new TimeRange(historyStart, hour.AddHours(1)), cancellationToken);
                    finding = CostAnomalyDetector.Evaluate(subject, hours, hour, breakdown, settings.Baseline);
                }

                findings.Add(finding);
            }
        }

        return findings;
    }

    private static async Task<IReadOnlyCollection<CostBreakdownRow>> BreakdownAsync(DetectorContext context, string feature, TimeRange range, CancellationToken cancellationToken)
    {
        var rows = new List<CostBreakdownRow>();
        foreach (var (dimension, name) in Breakdown)
        {
            var usage = await context.Source.ReadUsageAsync(
                new UsageQuery { ProjectId = context.ProjectId, Range = range, Dimensions = [dimension], Feature = feature }, cancellationToken);
            rows.AddRange(usage.Select(u => new CostBreakdownRow(name, u.Keys[0] ?? "(none)", u.Hour, u.Tasks, u.Calls, u.InputTokens, u.OutputTokens, u.CostUsd)));
        }

        return rows;
    }

    private static UsageDimension Dimension(string by) => by switch
    {
        "feature" => UsageDimension.Feature,
        "team" => UsageDimension.Team,
        "model" => UsageDimension.Model,
        _ => throw new ArgumentOutOfRangeException(nameof(by), by, "cost is watched by feature, team or model"),
    };

    /// <summary>One dimension's hourly usage per group; complete hours are read once.</summary>
    private sealed class HourCache
    {
        private readonly Dictionary<string, SortedDictionary<DateTimeOffset, CostHour>> _groups = new(StringComparer.Ordinal);
        private DateTimeOffset? _readTo;

        public async Task RefreshAsync(DetectorContext context, UsageDimension dimension, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
        {
            // Re-read the last two hours already read: spans arrive late.
            var start = _readTo is { } readTo && readTo > from ? readTo.AddHours(-2) : from;
            var rows = await context.Source.ReadUsageAsync(
                new UsageQuery { ProjectId = context.ProjectId, Range = new TimeRange(start, to), Dimensions = [dimension] }, cancellationToken);
            foreach (var series in _groups.Values)
            {
                foreach (var old in series.Keys.Where(h => h < from || h >= start).ToList())
                {
                    series.Remove(old);
                }
            }

            foreach (var row in rows.Where(r => r.Keys[0] is not null))
            {
                var series = _groups.TryGetValue(row.Keys[0]!, out var s) ? s : _groups[row.Keys[0]!] = [];
                series[row.Hour] = new CostHour(row.Hour, row.Tasks, row.Calls, row.InputTokens, row.OutputTokens, row.CostUsd);
            }

            _readTo = to;
        }

        public IEnumerable<(string Group, IReadOnlyList<CostHour> Hours)> Groups() =>
            _groups.Where(g => g.Value.Count > 0).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (IReadOnlyList<CostHour>)[.. g.Value.Values]));
    }
}
