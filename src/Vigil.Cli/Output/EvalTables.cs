using System.Globalization;
using Spectre.Console;
using Vigil.Core.Evals;
using Vigil.Server.Evaluation.Runs;

namespace Vigil.Cli.Output;

/// <summary>How <c>vigil eval</c> prints runs, their gates and their items.</summary>
internal static class EvalTables
{
    public static void Run(EvalRunJson json)
    {
        var run = json.Run;
        Console.WriteLine($"{run.Id}: {run.Feature} {run.ReleaseId ?? "-"} on {run.DatasetRef} ({run.ItemCount} items, {run.ErrorCount} errors) via {run.Target}");
        if (json.Baseline is { } baseline)
        {
            Console.WriteLine($"baseline: {baseline.Id} ({baseline.ReleaseId} on {baseline.DatasetRef}, {baseline.StartedAt:yyyy-MM-dd HH:mm})");
        }

        var table = new Table().AddColumns("scorer", "n", "mean", "95 % CI", "pass rate", "95 % CI");
        foreach (var s in run.Summary)
        {
            table.AddRow(Markup.Escape(s.Scorer), s.Count.ToString(CultureInfo.InvariantCulture), N(s.Mean), $"{N(s.MeanLow)} – {N(s.MeanHigh)}",
                P(s.PassRate), $"{P(s.PassRateLow)} – {P(s.PassRateHigh)}");
        }

        AnsiConsole.Write(table);
        foreach (var item in json.Failures)
        {
            var why = item.Error ?? string.Join("; ", item.Scores.Where(s => !s.Passed).Select(s => $"{s.Scorer}: {s.Explanation}"));
            Console.WriteLine($"  ✗ {item.ItemId}: {why}");
        }

        if (run.Gate is not { } gate)
        {
            Console.WriteLine("no gate");
            return;
        }

        foreach (var check in gate.Checks)
        {
            Console.WriteLine($"  {(check.Passed ? "✓" : "✗")} {check.Explanation}");
        }

        Console.WriteLine(gate.Passed ? "gate passed" : "gate FAILED");
    }

    public static void Runs(IReadOnlyList<EvalRun> runs)
    {
        var table = new Table().AddColumns("run", "feature", "release", "dataset", "items", "errors", "scores", "gate", "started");
        foreach (var r in runs)
        {
            table.AddRow(Markup.Escape(r.Id), Markup.Escape(r.Feature), Markup.Escape(r.ReleaseId ?? "-"), Markup.Escape(r.DatasetRef),
                r.ItemCount.ToString(CultureInfo.InvariantCulture), r.ErrorCount.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", r.Summary.Select(s => $"{s.Scorer} {N(s.Mean)}"))),
                r.Gate is null ? "-" : r.Gate.Passed ? "passed" : "failed", r.StartedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    public static void Items(IReadOnlyList<EvalItemResult> items)
    {
        foreach (var item in items)
        {
            Console.WriteLine($"{item.ItemId}: {(item.Error is null ? "" : "error: " + item.Error)}");
            foreach (var s in item.Scores)
            {
                Console.WriteLine($"  {(s.Passed ? "✓" : "✗")} {s.Scorer} {N(s.Value)}: {s.Explanation}");
            }
        }
    }

    private static string N(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string P(double value) => value.ToString("0.0%", CultureInfo.InvariantCulture);
}
