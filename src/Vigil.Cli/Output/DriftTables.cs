using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Vigil.Detectors.Drift;
using Vigil.Server.Api;

namespace Vigil.Cli.Output;

/// <summary>How <c>vigil drift compare</c> prints a drift report: a table per column and the dataset verdict, or JSON.</summary>
internal static class DriftTables
{
    // A chi-squared statistic is +∞ when the current sample has a category the reference never had.
    private static readonly JsonSerializerOptions JsonOptions = new(ApiJson.Options)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Print(DriftReport report)
    {
        var table = new Table().AddColumns("column", "kind", "test", "n ref", "n cur", "statistic", "p-value / distance", "threshold", "verdict");
        foreach (var c in report.Columns)
        {
            var score = c.PValue is { } p ? "p " + Number(p) : c.Distance is { } d ? "d " + Number(d) : "-";
            table.AddRow(Markup.Escape(c.Column), Lower(c.Kind.ToString()), c.Test == DriftTest.Auto ? "-" : DriftTests.Name(c.Test),
                Count(c.ReferenceCount), Count(c.CurrentCount), c.Statistic is { } s ? Number(s) : "-", score,
                c.Threshold is { } t ? Number(t) : "-", Verdict(c));
        }

        AnsiConsole.Write(table);
        foreach (var c in report.Columns.Where(c => c.Status != DriftStatus.Compared))
        {
            Console.WriteLine($"  {c.Column}: {c.Detail}");
        }

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{report.DriftedColumns} of {report.ComparedColumns} compared columns drifted ({report.DriftShare:0%}); the dataset drifts at {report.DriftShareThreshold:0%}");
        Console.WriteLine(report.DatasetDrift ? "DATASET DRIFT: " + summary : "no dataset drift: " + summary);
    }

    public static void Json(string reference, string current, DriftReport report)
    {
        var value = new
        {
            reference,
            current,
            columns = report.Columns.Select(c => new
            {
                column = c.Column,
                kind = c.Kind,
                test = c.Test == DriftTest.Auto ? null : DriftTests.Name(c.Test),
                status = c.Status,
                statistic = c.Statistic,
                pValue = c.PValue,
                distance = c.Distance,
                threshold = c.Threshold,
                drifted = c.Drifted,
                referenceCount = c.ReferenceCount,
                currentCount = c.CurrentCount,
                detail = c.Detail,
            }),
            comparedColumns = report.ComparedColumns,
            driftedColumns = report.DriftedColumns,
            driftShare = report.DriftShare,
            driftShareThreshold = report.DriftShareThreshold,
            datasetDrift = report.DatasetDrift,
        };
        Console.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
    }

    private static string Verdict(ColumnDriftResult c) => c.Status switch
    {
        DriftStatus.Compared => c.Drifted ? "[red]drift[/]" : "[green]no drift[/]",
        DriftStatus.InsufficientData => "[yellow]insufficient data[/]",
        _ => "[grey]skipped[/]",
    };

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "∞",
        0 => "0",
        _ when Math.Abs(value) < 0.001 => value.ToString("0.00E+0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.0000", CultureInfo.InvariantCulture),
    };

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Lower(string text) => text.ToLowerInvariant();
}
