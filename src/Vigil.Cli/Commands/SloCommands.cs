using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vigil.Cli.Backends;
using Vigil.Cli.Output;
using Vigil.Core.Slos;
using Vigil.Server.Configuration;
using Vigil.Server.Slos;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil slo list|status|export</c>.</summary>
internal static class SloCommands
{
    public static Command Create()
    {
        var command = new Command("slo", "Service-level objectives: status, budgets, burn rates, alerts; Prometheus rules");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Option<string?> ConfigOption() =>
        new("--config") { Description = "vigil.yaml holding the SLOs (default vigil.yaml when present); a running server uses its own" };

    private static Command List()
    {
        var common = new CommonOptions();
        var config = ConfigOption();
        var command = new Command("list", "Every SLO: SLI, budget left, burn rate, alert state") { config };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var list = await backend.ListSlosAsync(result.GetValue(common.Project)!, Definitions(result.GetValue(config)), ct);
            if (result.GetValue(common.Json))
            {
                Printer.Json(list);
                return;
            }

            if (list.Slos.Count == 0)
            {
                Console.WriteLine($"no SLOs ({backend.Description}); define them under slos: in vigil.yaml (docs/slos.md)");
                return;
            }

            var table = new Table().AddColumns("slo", "feature", "kind", "objective", "sli", "budget left", "burn (fast)", "exhausted in", "alerts");
            foreach (var s in list.Slos.OrderBy(s => s.AlertState == "ok").ThenBy(s => s.Budget.Remaining))
            {
                table.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Feature), s.Kind.ToString(), Percent(s.Objective), s.Sli is { } sli ? Percent(sli) : "-",
                    Budget(s.Budget.Remaining), s.BurnRate.ToString("0.##", CultureInfo.InvariantCulture), Span(s.TimeToExhaustionSeconds), State(s.AlertState));
            }

            AnsiConsole.Write(table);
            Console.WriteLine($"evaluated {list.EvaluatedAt:u} by {backend.Description}{(list.Ready ? "" : " (still reading history)")}");
        }, ct));
        return command;
    }

    private static Command Status()
    {
        var common = new CommonOptions();
        var config = ConfigOption();
        var name = new Argument<string>("name") { Description = "The SLO's name" };
        var command = new Command("status", "One SLO: budget, burn rate per window, alert pairs and alerts") { name, config };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var project = result.GetValue(common.Project)!;
            var detail = await backend.GetSloAsync(project, result.GetValue(name)!, Definitions(result.GetValue(config)), ct)
                ?? throw new CliException($"no SLO named '{result.GetValue(name)}' in project '{project}' ({backend.Description}); `vigil slo list` shows them");
            if (result.GetValue(common.Json))
            {
                Printer.Json(detail);
                return;
            }

            Print(detail);
        }, ct));
        return command;
    }

    private static Command Export()
    {
        var config = ConfigOption();
        var format = new Option<string>("--format") { Description = "prometheus: recording and alerting rules in Sloth's naming", DefaultValueFactory = _ => "prometheus" };
        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output" };
        var command = new Command("export", "Write the SLOs of vigil.yaml as Prometheus rules (over /metrics' vigil_slo_* counters)") { config, format, output };
        command.SetAction(async (result, ct) =>
        {
            try
            {
                if (result.GetValue(format) != "prometheus")
                {
                    throw new CliException($"--format: '{result.GetValue(format)}' is not supported; the only format is prometheus");
                }

                var slos = Definitions(result.GetValue(config));
                if (slos.Count == 0)
                {
                    throw new CliException("no SLOs to export: define them under slos: in vigil.yaml, or name the file with --config");
                }

                var rules = PrometheusRules.Render(slos);
                if (result.GetValue(output) is { } path)
                {
                    await File.WriteAllTextAsync(path, rules, ct);
                    await Console.Error.WriteLineAsync($"wrote rules for {slos.Count} SLOs to {path}");
                }
                else
                {
                    Console.Write(rules);
                }

                return 0;
            }
            catch (CliException ex)
            {
                await Console.Error.WriteLineAsync("vigil: " + ex.Message);
                return 1;
            }
        });
        return command;
    }

    private static IReadOnlyList<SloDefinition> Definitions(string? config)
    {
        var path = ConfigPath.Resolve(config);
        try
        {
            return VigilConfigLoader.Load(path).Slos;
        }
        catch (ConfigurationException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    private static void Print(SloDetailJson detail)
    {
        var s = detail.Slo;
        Console.WriteLine($"{s.Name} ({s.Kind} of {s.Feature}): objective {Percent(s.Objective)} over {s.Window}, {s.Budgeting}");
        Console.WriteLine($"  SLI {(s.Sli is { } sli ? Percent(sli) : "-")} from {s.Events.Good:N0} good of {s.Events.Total:N0}; budget left {Budget(s.Budget.Remaining)} (period {s.Budget.PeriodStart:u} – {s.Budget.PeriodEnd:u}); exhausted in {Span(s.TimeToExhaustionSeconds)}");
        var windows = new Table().AddColumns("window", "events", "bad", "error ratio", "burn rate");
        foreach (var w in detail.Windows)
        {
            windows.AddRow(w.Window, w.Total.ToString("N0", CultureInfo.InvariantCulture), (w.Total - w.Good).ToString("N0", CultureInfo.InvariantCulture),
                w.ErrorRatio.ToString("0.#####", CultureInfo.InvariantCulture), w.BurnRate.ToString("0.##", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(windows);
        var pairs = new Table().AddColumns("severity", "long/short", "burn rate", "budget share", "error ratio over");
        foreach (var p in detail.Pairs)
        {
            pairs.AddRow(p.Severity, $"{p.LongWindow}/{p.ShortWindow}", p.BurnRate.ToString("0.##", CultureInfo.InvariantCulture), Percent(p.BudgetShare), p.ErrorRatioThreshold.ToString("0.#####", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(pairs);
        if (detail.Alerts.Count == 0)
        {
            Console.WriteLine("no alerts");
            return;
        }

        var alerts = new Table().AddColumns("tier", "severity", "state", "since", "long ratio", "short ratio", "budget spent", "traces");
        foreach (var a in detail.Alerts)
        {
            alerts.AddRow(a.Tier, a.Severity, State(a.State.ToString().ToLowerInvariant()) + (a.SuppressedBy is null ? "" : " (suppressed)"),
                (a.FiringAt ?? a.ActiveAt).ToString("u", CultureInfo.InvariantCulture),
                a.LongWindow?.ErrorRatio.ToString("0.#####", CultureInfo.InvariantCulture) ?? "-", a.ShortWindow?.ErrorRatio.ToString("0.#####", CultureInfo.InvariantCulture) ?? "-",
                Percent(a.BudgetSpent), Markup.Escape(a.Traces));
        }

        AnsiConsole.Write(alerts);
    }

    private static string Percent(double ratio) => (ratio * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    private static string Budget(double remaining) => remaining <= 0 ? $"[red]{Percent(remaining)}[/]" : Percent(remaining);

    private static string State(string state) => state switch
    {
        "firing" => "[red]firing[/]",
        "pending" => "[yellow]pending[/]",
        _ => state,
    };

    private static string Span(double? seconds) => seconds is { } s ? Core.Text.Durations.Format(TimeSpan.FromSeconds(Math.Round(s / 60) * 60)) : "-";
}
