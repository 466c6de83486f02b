using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Vigil.Cli.Backends;
using Vigil.Cli.Output;
using Vigil.Core.Ports;
using Vigil.Server.Configuration;
using Vigil.Server.Evaluation;
using Vigil.Server.Evaluation.Runs;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil eval run|list|show</c> (docs/evals.md). <c>run</c> exits 0 when the gate passes (or there is none), 100 when it fails, 1 on error.</summary>
internal static class EvalCommands
{
    /// <summary>The exit code of a run whose gate failed (promptfoo's convention).</summary>
    public const int GateFailedExitCode = 100;

    public static Command Create()
    {
        var command = new Command("eval", "Offline evaluation: run a dataset against a release, gate a deploy, read past runs");
        command.Subcommands.Add(Run());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(EvalGapCommands.Gap());
        command.Subcommands.Add(EvalGapCommands.Scores());
        return command;
    }

    private static Command Run()
    {
        var common = new CommonOptions();
        var feature = new Option<string>("--feature") { Description = "The feature whose release is evaluated", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "NAME or NAME@VERSION", Required = true };
        var release = new Option<string?>("--release") { Description = "The release to evaluate (default: the active one)" };
        var scorers = new Option<string[]>("--scorer") { Description = "Scorer NAME or NAME:option=value,option=value (repeatable; default: the feature's scorers in evaluation.online)" };
        var endpoint = new Option<string?>("--endpoint") { Description = "OpenAI-compatible base URL the release is called through (default: evaluation.offline.endpoint)" };
        var model = new Option<string?>("--model") { Description = "Model name sent to the endpoint (default: the release's model)" };
        var minMean = new Option<string[]>("--min-mean") { Description = "Gate: SCORER=MIN, the scorer's mean must reach MIN (repeatable)" };
        var minPassRate = new Option<string[]>("--min-pass-rate") { Description = "Gate: SCORER=MIN, the scorer's pass rate must reach MIN (repeatable)" };
        var maxDrop = new Option<double?>("--max-drop") { Description = "Gate: largest tolerated drop of a scorer's mean against --baseline, judged by a 95 % lower confidence bound" };
        var baseline = new Option<string?>("--baseline") { Description = "Gate: the release compared with (default: the active one); run first when it has no stored run on this dataset version" };
        var regressionScorers = new Option<string[]>("--regression-scorer") { Description = "Gate: limit the regression check to these scorers (repeatable; default: all)" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Calls in flight at once (default: evaluation.offline.concurrency, 4)" };
        var config = new Option<string?>("--config") { Description = "vigil.yaml with the scorers and endpoint (default vigil.yaml when present); a running server uses its own" };
        var command = new Command("run", "Run a dataset against a release with scorers and an optional gate; exit 0 pass, 100 gate failed, 1 error")
        {
            feature, dataset, release, scorers, endpoint, model, minMean, minPassRate, maxDrop, baseline, regressionScorers, concurrency, config,
        };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var hasGate = (result.GetValue(minMean)?.Length ?? 0) + (result.GetValue(minPassRate)?.Length ?? 0) + (result.GetValue(regressionScorers)?.Length ?? 0) > 0 || result.GetValue(maxDrop) is not null || result.GetValue(baseline) is not null;
            var request = new EvalRunRequest
            {
                Feature = result.GetValue(feature),
                Dataset = result.GetValue(dataset),
                Release = result.GetValue(release),
                Scorers = result.GetValue(scorers) is { Length: > 0 } named ? [.. named.Select(ScorerArgument)] : null,
                Endpoint = result.GetValue(endpoint),
                Model = result.GetValue(model),
                Concurrency = result.GetValue(concurrency),
                Gate = hasGate
                    ? new GateRequest
                    {
                        MinMean = Thresholds(result.GetValue(minMean), "--min-mean"),
                        MinPassRate = Thresholds(result.GetValue(minPassRate), "--min-pass-rate"),
                        MaxDrop = result.GetValue(maxDrop),
                        Baseline = result.GetValue(baseline),
                        RegressionScorers = result.GetValue(regressionScorers) is { Length: > 0 } r ? r : null,
                    }
                    : null,
            };
            var run = await backend.RunEvalAsync(result.GetValue(common.Project)!, request, () => LocalSettings(result.GetValue(config)), ct);
            if (result.GetValue(common.Json))
            {
                Printer.Json(run);
            }
            else
            {
                EvalTables.Run(run);
            }

            if (run.Run.Gate is null && run.Run.ItemCount > 0 && run.Run.ErrorCount == run.Run.ItemCount)
            {
                await Console.Error.WriteLineAsync($"vigil: every one of the {run.Run.ItemCount} target calls failed (first: {(run.Failures.Count > 0 ? run.Failures[0].Error : "-")}); the run is stored as {run.Run.Id}");
                return 1;
            }

            return run.Run.Gate is { Passed: false } ? GateFailedExitCode : 0;
        }, ct));
        return command;
    }

    private static Command List()
    {
        var common = new CommonOptions();
        var feature = new Option<string?>("--feature") { Description = "Only this feature's runs" };
        var release = new Option<string?>("--release") { Description = "Only this release's runs" };
        var dataset = new Option<string?>("--dataset") { Description = "Only runs on this dataset (any version)" };
        var limit = new Option<int>("--limit") { Description = "At most this many runs", DefaultValueFactory = _ => 20 };
        var command = new Command("list", "Past runs, newest first") { feature, release, dataset, limit };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var runs = await backend.ListEvalRunsAsync(result.GetValue(common.Project)!,
                new EvalRunFilter(result.GetValue(feature), result.GetValue(release), result.GetValue(dataset)), result.GetValue(limit), ct);
            if (result.GetValue(common.Json))
            {
                Printer.Json(runs);
                return;
            }

            EvalTables.Runs(runs.Runs);
        }, ct));
        return command;
    }

    private static Command Show()
    {
        var common = new CommonOptions();
        var id = new Argument<string>("run") { Description = "The run id (run-…)" };
        var items = new Option<bool>("--items") { Description = "Also print every item with its scores and explanations" };
        var command = new Command("show", "One run: summary with confidence intervals, gate verdict, items") { id, items };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var project = result.GetValue(common.Project)!;
            var run = await backend.GetEvalRunAsync(project, result.GetValue(id)!, ct);
            var detail = result.GetValue(items) ? await backend.GetEvalRunItemsAsync(project, run.Id, ct) : null;
            if (result.GetValue(common.Json))
            {
                Printer.Json(new { run, items = detail?.Items });
                return;
            }

            EvalTables.Run(new EvalRunJson(run, null, []));
            if (detail is not null)
            {
                EvalTables.Items(detail.Items);
            }
        }, ct));
        return command;
    }

    /// <summary><c>NAME</c> or <c>NAME:option=value,option=value</c>; option values are passed as text, as vigil.yaml's are.</summary>
    private static ScorerRequest ScorerArgument(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return new ScorerRequest(text, null);
        }

        var options = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var pair in text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliException($"--scorer: '{pair}' in '{text}' is not option=value");
            }

            options[pair[..eq]] = JsonSerializer.SerializeToElement(pair[(eq + 1)..]);
        }

        return new ScorerRequest(text[..colon], options);
    }

    private static Dictionary<string, double>? Thresholds(string[]? pairs, string option)
    {
        if (pairs is not { Length: > 0 })
        {
            return null;
        }

        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !double.TryParse(pair.AsSpan(eq + 1), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var min))
            {
                throw new CliException($"{option}: '{pair}' is not SCORER=MIN (e.g. similarity=0.8)");
            }

            thresholds[pair[..eq]] = min;
        }

        return thresholds;
    }

    private static EvaluationSettings LocalSettings(string? config)
    {
        try
        {
            return VigilConfigLoader.Load(ConfigPath.Resolve(config)).Evaluation;
        }
        catch (ConfigurationException ex)
        {
            throw new CliException(ex.Message);
        }
    }
}
