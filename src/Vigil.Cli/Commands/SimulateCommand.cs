using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vigil.Cli.Simulation;
using Vigil.Simulator.Run;
using Vigil.Simulator.Scenarios;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil simulate --scenario FILE</c>: a game day. Runs the simulated application with the
/// scenario's faults against an in-process Vigil on a simulated clock, prints the scorecard, writes
/// it as JSON with <c>--out</c>, and exits 1 when an expectation failed.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var scenarioOption = new Option<FileInfo>("--scenario") { Description = "Scenario file (YAML; see scenarios/README.md)", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Write the scorecard as JSON to this file" };
        var data = new Option<string?>("--data") { Description = "Keep the run's data directory here (default: a temporary directory, deleted afterwards)" };
        var speed = new Option<double?>("--speed") { Description = "Run at N times real time (default: as fast as the CPU allows)" };
        var inputs = new Option<FileInfo[]>("--inputs") { Description = "Prompt files (CSV or JSONL with a category column) whose categories become input pools", AllowMultipleArgumentsPerToken = true };
        var against = new Option<Uri?>("--against") { Description = "Base URL of a running Vigil server to send the application's telemetry to over OTLP (default: an in-process Vigil on the simulated clock)" };
        var apiKey = new Option<string?>("--api-key") { Description = "API key with the ingest scope for --against (default: $VIGIL_API_KEY)" };
        var command = new Command("simulate", "Run a game day: the simulated application with a scenario's faults, and Vigil's scorecard") { scenarioOption, output, data, speed, inputs, against, apiKey };
        command.Validators.Add(result =>
        {
            if (result.GetValue(speed) is { } s && !(s > 0))
            {
                result.AddError($"--speed must be a positive number (got {s.ToString(CultureInfo.InvariantCulture)})");
            }

            if (result.GetValue(against) is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
            {
                result.AddError($"--against must be an absolute http(s) URL (got '{url}')");
            }

            if (result.GetValue(against) is not null && result.GetValue(data) is not null)
            {
                result.AddError("--data applies to the in-process Vigil only; with --against the server keeps the data");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            Scenario scenario;
            try
            {
                scenario = ScenarioLoader.Load(result.GetValue(scenarioOption)!.FullName);
            }
            catch (ScenarioException ex)
            {
                await Console.Error.WriteLineAsync("vigil: " + ex.Message);
                return 2;
            }

            var keep = result.GetValue(data);
            var directory = keep ?? Path.Combine(Path.GetTempPath(), "vigil-simulate-" + Guid.NewGuid().ToString("N"));
            var remote = result.GetValue(against);
            var options = new SimulationOptions
            {
                Speed = result.GetValue(speed) ?? (remote is null ? null : 1),
                InputFiles = [.. (result.GetValue(inputs) ?? []).Select(f => f.FullName)],
            };
            try
            {
                var (_, scorecard) = await RunWithProgressAsync(scenario, options, progress => remote is null
                    ? InProcessGameDay.RunAsync(scenario, directory, options, progress, cancellationToken)
                    : RemoteGameDay.RunAsync(scenario, remote, result.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("VIGIL_API_KEY"), options, progress, cancellationToken));
                Print(scorecard);
                if (result.GetValue(output) is { } file)
                {
                    await File.WriteAllTextAsync(file.FullName, scorecard.ToJson(), cancellationToken);
                }

                return scorecard.Passed ? 0 : 1;
            }
            catch (InvalidDataException ex)
            {
                await Console.Error.WriteLineAsync("vigil: " + ex.Message);
                return 2;
            }
            catch (Exception ex) when (remote is not null && ex is HttpRequestException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"vigil: the run against {remote} stopped: {ex.Message}");
                return 1;
            }
            finally
            {
                if (keep is null && Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        });
        return command;
    }

    private static async Task<(RunSummary, Scorecard)> RunWithProgressAsync(
        Scenario scenario, SimulationOptions options, Func<IProgress<RunProgress>?, Task<(RunSummary, Scorecard)>> run)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await run(null);
        }

        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"simulating {scenario.Name}", maxValue: scenario.Duration.TotalHours);
                var progress = new Progress<RunProgress>(p => task.Value = p.Simulated.TotalHours);
                var outcome = await run(progress);
                task.Value = task.MaxValue;
                return outcome;
            });
    }

    private static void Print(Scorecard card)
    {
        var table = new Table().AddColumns("expectation", "detected", "after", "axis", "mitigation", "verdict");
        foreach (var e in card.Expectations)
        {
            var what = e.Quiet is { } quiet ? $"quiet {quiet[0]}–{quiet[1]}" : $"{e.Incident} {e.Feature ?? e.Provider}";
            var detected = e.Quiet is not null ? $"{e.PagesInInterval} pages" : e.Detected == true ? "yes" : "no";
            var after = e.DetectedAfterS is { } s ? TimeSpan.FromSeconds(s).ToString() : "";
            table.AddRow(Markup.Escape(what), detected, after, Markup.Escape(e.Axis ?? ""), Markup.Escape(e.Mitigation ?? ""), e.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
        }

        AnsiConsole.Write(table);
        foreach (var i in card.Incidents)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {i.Severity,-6} {i.Class} {i.Feature}{(i.Provider is null ? "" : " " + i.Provider)} at {i.OpenedAt:yyyy-MM-dd HH:mm} ({i.Id})"));
        }

        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{card.Scenario}: {(card.Passed ? "passed" : "failed")} — {card.Pages} pages ({card.FalsePages} false), {card.Tickets} tickets; simulated {TimeSpan.FromSeconds(card.Run.SimulatedS)}, {card.Run.Spans:N0} spans in {card.Run.WallS:F1} s")));
        if (card.Note is not null)
        {
            AnsiConsole.MarkupLine("[yellow]note:[/] " + Markup.Escape(card.Note));
        }
    }
}
