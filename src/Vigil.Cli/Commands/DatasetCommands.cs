using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vigil.Cli.Backends;
using Vigil.Cli.Output;
using Vigil.Core.Evals;
using Vigil.Server.Evaluation.Datasets;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil dataset list|import|export|add-traces</c> (docs/evals.md).</summary>
internal static class DatasetCommands
{
    public static Command Create()
    {
        var command = new Command("dataset", "Evaluation datasets: versioned JSONL items (input, expected, context, metadata)");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(AddTraces());
        return command;
    }

    private static Command List()
    {
        var common = new CommonOptions();
        var name = new Argument<string?>("name") { Description = "A dataset: its versions (default: every dataset, latest version)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "Datasets, or one dataset's versions") { name };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var project = result.GetValue(common.Project)!;
            IReadOnlyList<DatasetVersion> versions = result.GetValue(name) is { } n
                ? (await backend.ListDatasetVersionsAsync(project, n, ct)).Versions
                : (await backend.ListDatasetsAsync(project, ct)).Datasets;
            if (result.GetValue(common.Json))
            {
                Printer.Json(versions);
                return;
            }

            var table = new Table().AddColumns("dataset", "items", "created", "by", "note");
            foreach (var v in versions)
            {
                table.AddRow(Markup.Escape(v.Ref), v.ItemCount.ToString("N0", CultureInfo.InvariantCulture),
                    v.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(v.CreatedBy), Markup.Escape(v.Note ?? ""));
            }

            AnsiConsole.Write(table);
        }, ct));
        return command;
    }

    private static Command Import()
    {
        var common = new CommonOptions();
        var name = new Argument<string>("name") { Description = "The dataset (made when absent)" };
        var file = new Argument<string>("file") { Description = "JSONL file, one item per line: {\"input\", \"expected\", \"context\", \"metadata\", \"id\"} ('-' reads standard input)" };
        var append = new Option<bool>("--append") { Description = "Add the items to the latest version (an item with an existing id replaces it) instead of replacing the dataset" };
        var note = new Option<string?>("--note") { Description = "What this version changes (default: what the import did)" };
        var command = new Command("import", "Import a JSONL file as a new version of a dataset") { name, file, append, note };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var path = result.GetValue(file)!;
            var text = path == "-" ? await Console.In.ReadToEndAsync(ct) : await ReadFileAsync(path, ct);
            var mode = result.GetValue(append) ? DatasetImportMode.Append : DatasetImportMode.Replace;
            var change = await backend.ImportDatasetAsync(result.GetValue(common.Project)!, result.GetValue(name)!, text, mode, result.GetValue(note), ct);
            Print(change, result.GetValue(common.Json));
        }, ct));
        return command;
    }

    private static Command Export()
    {
        var common = new CommonOptions();
        var reference = new Argument<string>("dataset") { Description = "NAME or NAME@VERSION (default version: the latest)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output" };
        var command = new Command("export", "Write a dataset version's items as JSONL") { reference, output };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            if (!DatasetRef.TryParse(result.GetValue(reference), out var n, out var version, out var error))
            {
                throw new CliException("dataset: " + error);
            }

            var (number, jsonl) = await backend.ExportDatasetAsync(result.GetValue(common.Project)!, n, version, ct);
            if (result.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, jsonl, ct);
                await Console.Error.WriteLineAsync($"wrote {DatasetRef.Format(n, number)} to {path}");
            }
            else
            {
                Console.Write(jsonl);
            }
        }, ct));
        return command;
    }

    private static Command AddTraces()
    {
        var common = new CommonOptions();
        var name = new Argument<string>("name") { Description = "The dataset (made when absent)" };
        var traces = new Argument<string[]>("trace-id") { Description = "Production traces to add (32 hex digits each)", Arity = ArgumentArity.OneOrMore };
        var expected = new Option<bool>("--answer-as-expected") { Description = "Keep each trace's answer as the item's expected output (a reviewed, good answer)" };
        var note = new Option<string?>("--note") { Description = "What this version changes" };
        var command = new Command("add-traces", "Add production traces to a dataset: their input, retrieved documents and metadata") { name, traces, expected, note };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var request = new AddTracesRequest(result.GetValue(traces), result.GetValue(expected) ? "output" : "none", result.GetValue(note));
            var change = await backend.AddTracesToDatasetAsync(result.GetValue(common.Project)!, result.GetValue(name)!, request, ct);
            Print(change, result.GetValue(common.Json));
        }, ct));
        return command;
    }

    private static void Print(DatasetChangeJson change, bool json)
    {
        if (json)
        {
            Printer.Json(change);
            return;
        }

        var v = change.Version;
        Console.WriteLine(change.Unchanged
            ? $"{v.Ref} unchanged: the items are those of the latest version"
            : $"{v.Ref}: {v.ItemCount} items ({change.Added} added, {change.Updated} updated)");
    }

    private static async Task<string> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"file: cannot read '{path}': {ex.Message}");
        }
    }
}
