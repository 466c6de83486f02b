using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vigil.Cli.Output;
using Vigil.Core.Queries;
using Vigil.Evals.Gap;
using Vigil.Server.Evaluation.Datasets;
using Vigil.Server.Evaluation.Gap;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil eval gap</c> (online against offline, inputs the eval set misses, and adding them) and <c>vigil eval scores</c>.</summary>
internal static class EvalGapCommands
{
    public static Command Gap()
    {
        var common = new CommonOptions();
        var range = new RangeOptions("24h");
        var feature = new Option<string>("--feature") { Description = "The feature whose production traffic is compared", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "The eval set: NAME or NAME@VERSION", Required = true };
        var sample = new Option<int>("--sample") { Description = $"Newest production traces read (at most {GapService.MaxSample})", DefaultValueFactory = _ => 300 };
        var defaults = new CoverageOptions();
        var miss = new Option<double>("--miss-distance") { Description = "Cosine distance beyond which an input counts as missed", DefaultValueFactory = _ => defaults.MissDistance };
        var radius = new Option<double>("--cluster-radius") { Description = "Cosine distance within which missed inputs group", DefaultValueFactory = _ => defaults.ClusterRadius };
        var add = new Option<bool>("--add") { Description = "Add every missed trace to the dataset (a new version; expected outputs left empty for review)" };
        var command = new Command("gap", "The eval-to-production gap: online against offline scores per release, and the production inputs the dataset misses")
        {
            feature, dataset, sample, miss, radius, add,
        };
        common.AddTo(command);
        range.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var project = result.GetValue(common.Project)!;
            var request = new GapRequest(project, result.GetValue(feature)!, result.GetValue(dataset)!, range.Range(result), result.GetValue(sample),
                defaults with { MissDistance = result.GetValue(miss), ClusterRadius = result.GetValue(radius) });
            var gap = await backend.GetEvalGapAsync(request, ct);
            DatasetChangeJson? added = null;
            if (result.GetValue(add) && gap.Coverage.Missed > 0)
            {
                var traceIds = gap.Coverage.Clusters.SelectMany(c => c.TraceIds).Distinct(StringComparer.Ordinal).Take(DatasetService.MaxTraces).ToList();
                var name = gap.Dataset.Split('@')[0];
                added = await backend.AddTracesToDatasetAsync(project, name,
                    new AddTracesRequest(traceIds, "none", $"added {traceIds.Count} production inputs the eval set missed ({gap.Feature})"), ct);
            }

            if (result.GetValue(common.Json))
            {
                Printer.Json(new { gap, added });
                return;
            }

            Print(gap);
            if (added is not null)
            {
                Console.WriteLine($"added to {added.Version.Ref}: {added.Added} new items ({added.Version.ItemCount} in all); fill in their expected outputs before gating on them");
            }
        }, ct));
        return command;
    }

    public static Command Scores()
    {
        var common = new CommonOptions();
        var range = new RangeOptions("24h");
        var feature = new Option<string>("--feature") { Description = "The feature", Required = true };
        var name = new Option<string?>("--name") { Description = "One evaluation (scorer) name" };
        var source = new Option<EvaluationSourceKind>("--source") { Description = "online, feedback, otlp or any", DefaultValueFactory = _ => EvaluationSourceKind.Any };
        var step = new Option<int>("--step-minutes") { Description = "Bucket size in minutes", DefaultValueFactory = _ => 60 };
        var command = new Command("scores", "Evaluation scores of a feature by release over time") { feature, name, source, step };
        common.AddTo(command);
        range.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var series = await backend.GetEvaluationScoresAsync(new EvaluationSeriesQuery
            {
                ProjectId = result.GetValue(common.Project)!,
                Feature = result.GetValue(feature)!,
                Name = result.GetValue(name),
                Source = result.GetValue(source),
                Range = range.Range(result),
                Step = TimeSpan.FromMinutes(Math.Max(1, result.GetValue(step))),
            }, ct);
            if (result.GetValue(common.Json))
            {
                Printer.Json(series);
                return;
            }

            var table = new Table().AddColumns("name", "release", "scores", "mean", "pass share", "buckets");
            foreach (var s in series.Series)
            {
                table.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Release ?? "-"), s.Total.Scored.ToString("N0", CultureInfo.InvariantCulture),
                    N(s.Total.MeanScore), s.Total.PassShare is { } p ? p.ToString("0.0%", CultureInfo.InvariantCulture) : "-",
                    s.Points.Count.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
        }, ct));
        return command;
    }

    private static void Print(GapJson gap)
    {
        Console.WriteLine($"{gap.Feature} against {gap.Dataset}, {gap.Range.From:yyyy-MM-dd HH:mm} – {gap.Range.To:yyyy-MM-dd HH:mm}");
        var scores = new Table().AddColumns("release", "scorer", "online n", "online", "offline run", "offline", "95 % CI", "gap");
        foreach (var r in gap.Releases)
        {
            foreach (var s in r.Scorers)
            {
                scores.AddRow(Markup.Escape(r.Release ?? "-"), Markup.Escape(s.Scorer), s.OnlineCount.ToString("N0", CultureInfo.InvariantCulture), N(s.OnlineMean),
                    Markup.Escape(r.OfflineRunId ?? "none"), N(s.OfflineMean), s.OfflineMeanLow is { } lo ? $"{N(lo)} – {N(s.OfflineMeanHigh)}" : "-",
                    s.Gap is { } g ? g.ToString("+0.000;-0.000", CultureInfo.InvariantCulture) : "-");
            }
        }

        AnsiConsole.Write(scores);
        var c = gap.Coverage;
        Console.WriteLine($"inputs your eval set misses: {c.Missed} of {c.ProductionInputs} production inputs ({c.MissShare:0.0%}) are further than the miss distance from all {c.DatasetInputs} dataset inputs; median distance {N(c.MedianDistance)}");
        var clusters = new Table().AddColumns("#", "traces", "share", "distance", "example");
        for (var i = 0; i < c.Clusters.Count; i++)
        {
            var cluster = c.Clusters[i];
            clusters.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), cluster.Size.ToString(CultureInfo.InvariantCulture), cluster.Share.ToString("0%", CultureInfo.InvariantCulture),
                N(cluster.MeanDistance), Markup.Escape(Shorten(cluster.Representative)));
        }

        if (c.Clusters.Count > 0)
        {
            AnsiConsole.Write(clusters);
        }
    }

    private static string Shorten(string text) => text.Length <= 100 ? text.ReplaceLineEndings(" ") : text[..97].ReplaceLineEndings(" ") + "…";

    private static string N(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
