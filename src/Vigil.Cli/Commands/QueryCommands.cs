using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vigil.Cli.Backends;
using Vigil.Cli.Output;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Core.Text;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil traces</c>, <c>vigil stats</c> and <c>vigil costs</c>.</summary>
internal static class QueryCommands
{
    public static Command Traces()
    {
        var o = new FilterOptions();
        var status = new Option<string?>("--status") { Description = "ok or error" };
        var minCost = new Option<decimal?>("--min-cost") { Description = "Only traces costing at least this (USD)" };
        var minLatency = new Option<double?>("--min-latency-ms") { Description = "Only traces lasting at least this" };
        var limit = new Option<int>("--limit") { Description = "Traces per page (1–1000)", DefaultValueFactory = _ => 20 };
        var cursor = new Option<string?>("--cursor") { Description = "The cursor printed after a previous page" };
        var command = new Command("traces", "Search traces, newest first") { status, minCost, minLatency, limit, cursor };
        o.AddTo(command, "1h");
        command.SetAction((result, ct) => o.Common.RunAsync(result, async backend =>
        {
            SpanStatus? wanted = result.GetValue(status) switch
            {
                null => null,
                "ok" => SpanStatus.Ok,
                "error" => SpanStatus.Error,
                var other => throw new CliException($"--status: '{other}' is not ok or error"),
            };
            var page = await backend.SearchTracesAsync(new TraceQuery
            {
                ProjectId = result.GetValue(o.Common.Project)!,
                Range = o.Range(result),
                Filter = o.Filter(result),
                Status = wanted,
                MinCost = result.GetValue(minCost),
                MinDurationMs = result.GetValue(minLatency),
                Limit = result.GetValue(limit),
                Cursor = result.GetValue(cursor),
            }, ct);
            if (result.GetValue(o.Common.Json))
            {
                Printer.Json(page);
                return;
            }

            var table = new Table().AddColumns("start", "trace", "feature", "root", "spans", "errors", "ms", "tokens in/out", "cost $", "models");
            foreach (var t in page.Items)
            {
                table.AddRow(t.Start.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture), t.TraceId, Markup.Escape(t.Feature), Markup.Escape(Cut(t.RootName, 40)),
                    Num(t.SpanCount), t.ErrorCount > 0 ? $"[red]{t.ErrorCount}[/]" : "0", t.DurationMs.ToString("0.0", CultureInfo.InvariantCulture),
                    $"{Num(t.InputTokens)}/{Num(t.OutputTokens)}", t.Cost.ToString("0.######", CultureInfo.InvariantCulture) + (t.UnpricedCalls > 0 ? "*" : ""),
                    Markup.Escape(string.Join(",", t.Models)));
            }

            AnsiConsole.Write(table);
            if (page.NextCursor is not null)
            {
                Console.WriteLine($"more: --cursor {page.NextCursor}");
            }
        }, ct));
        return command;
    }

    public static Command Stats()
    {
        var o = new FilterOptions();
        var step = new Option<string>("--step") { Description = "Bucket size in whole minutes: 1m, 5m, 1h, 1d", DefaultValueFactory = _ => "1h" };
        var groupBy = new Option<GroupBy>("--group-by") { Description = "none, feature, team, model, provider, release or stage", DefaultValueFactory = _ => GroupBy.Feature };
        var command = new Command("stats", "Count, errors, tokens, cost and latency quantiles over time") { step, groupBy };
        o.AddTo(command, "24h");
        command.SetAction((result, ct) => o.Common.RunAsync(result, async backend =>
        {
            if (!Durations.TryParse(result.GetValue(step), out var stepSpan) || stepSpan < TimeSpan.FromMinutes(1) || stepSpan.Ticks % TimeSpan.TicksPerMinute != 0)
            {
                throw new CliException($"--step: '{result.GetValue(step)}' is not a whole number of minutes (1m, 5m, 1h, 1d)");
            }

            var stats = await backend.GetStatsAsync(new StatsQuery
            {
                ProjectId = result.GetValue(o.Common.Project)!,
                Range = o.Range(result),
                Step = stepSpan,
                GroupBy = result.GetValue(groupBy),
                Filter = o.Filter(result),
            }, ct);
            if (result.GetValue(o.Common.Json))
            {
                Printer.Json(stats);
                return;
            }

            var table = new Table().AddColumns("time", "group", "count", "err %", "tokens in", "tokens out", "cost $", "p50 ms", "p95 ms", "p99 ms");
            foreach (var series in stats.Series)
            {
                foreach (var p in series.Points)
                {
                    table.AddRow(p.Time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(series.Group ?? "-"), Num(p.Count),
                        (p.ErrorRatio * 100).ToString("0.0", CultureInfo.InvariantCulture), Num(p.InputTokens), Num(p.OutputTokens),
                        p.CostSum.ToString("0.####", CultureInfo.InvariantCulture), Ms(p.LatencyP50Ms), Ms(p.LatencyP95Ms), Ms(p.LatencyP99Ms));
                }
            }

            AnsiConsole.Write(table);
        }, ct));
        return command;
    }

    public static Command Costs()
    {
        var o = new FilterOptions();
        var command = new Command("costs", "Spend by feature and team, with the share of calls that could be priced");
        o.AddTo(command, "24h");
        command.SetAction((result, ct) => o.Common.RunAsync(result, async backend =>
        {
            var report = await backend.GetCostsAsync(new CostQuery { ProjectId = result.GetValue(o.Common.Project)!, Range = o.Range(result), Filter = o.Filter(result) }, ct);
            if (result.GetValue(o.Common.Json))
            {
                Printer.Json(report);
                return;
            }

            var table = new Table().AddColumns("feature", "team", "calls", "unpriced", "tokens in", "tokens out", "cost $");
            foreach (var line in report.ByFeatureAndTeam)
            {
                table.AddRow(Markup.Escape(line.Feature), Markup.Escape(line.Team ?? "-"), Num(line.Calls), Num(line.UnpricedCalls), Num(line.InputTokens), Num(line.OutputTokens),
                    line.Cost.ToString("0.####", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            Console.WriteLine($"total ${report.TotalCost.ToString("0.####", CultureInfo.InvariantCulture)}; priced share {report.PricedShare:P1} of {Num(report.PricedCalls + report.UnpricedCalls)} calls with tokens");
            foreach (var m in report.UnpricedModels.Take(10))
            {
                Console.WriteLine($"  unpriced: {m.Provider ?? "?"}/{m.Model ?? "(no model)"} × {Num(m.Calls)}");
            }
        }, ct));
        return command;
    }

    private static string Num(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double? value) => value?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-";

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..(length - 1)] + "…";

    /// <summary>Range and attribution filters shared by the query commands.</summary>
    private sealed class FilterOptions
    {
        public CommonOptions Common { get; } = new();

        private readonly Option<string?> _feature = new("--feature");
        private readonly Option<string?> _team = new("--team");
        private readonly Option<string?> _user = new("--user");
        private readonly Option<string?> _model = new("--model");
        private readonly Option<string?> _provider = new("--provider");
        private readonly Option<string?> _release = new("--release");
        private RangeOptions _range = new("1h");

        public void AddTo(Command command, string defaultAgo)
        {
            _range = new RangeOptions(defaultAgo);
            Common.AddTo(command);
            _range.AddTo(command);
            foreach (var option in new[] { _feature, _team, _user, _model, _provider, _release })
            {
                command.Options.Add(option);
            }
        }

        public TimeRange Range(ParseResult result) => _range.Range(result);

        public SpanFilter Filter(ParseResult result) => new()
        {
            Feature = result.GetValue(_feature),
            Team = result.GetValue(_team),
            UserId = result.GetValue(_user),
            Model = result.GetValue(_model),
            Provider = result.GetValue(_provider),
            Release = result.GetValue(_release),
        };
    }
}
