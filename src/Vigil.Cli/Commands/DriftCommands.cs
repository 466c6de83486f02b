using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Output;
using Vigil.Detectors.Drift;
using Vigil.Detectors.Statistics;
using Vigil.Detectors.Tables;
using Vigil.Evals;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil drift compare</c> (docs/drift.md): per-column drift between a reference and a current CSV/JSONL file, no
/// server needed. Exit 0 when the dataset does not drift, 100 when it does (the share of drifted columns reaches
/// <c>--drift-share</c>), 1 on an error or when no column could be compared.
/// </summary>
internal static class DriftCommands
{
    /// <summary>The exit code when the dataset drifted (the same as a failed gate of <c>vigil eval run</c>).</summary>
    public const int DatasetDriftExitCode = 100;

    public static Command Create()
    {
        var command = new Command("drift", "Data drift between a reference and a current window");
        command.Subcommands.Add(Compare());
        return command;
    }

    private static Command Compare()
    {
        var reference = new Option<FileInfo>("--reference") { Description = "The reference window: .csv/.tsv (header row) or .jsonl/.ndjson", Required = true };
        var current = new Option<FileInfo>("--current") { Description = "The current window, in the same form", Required = true };
        var columns = new Option<string[]>("--column") { Description = "Compare only this column (repeatable; default: every column)" };
        var tests = new Option<string[]>("--test")
        {
            Description = $"TEST for every column or COLUMN=TEST for one (repeatable): {string.Join("|", DriftTests.Names)}; default auto (Evidently's choice per column)",
        };
        var thresholds = new Option<string[]>("--threshold") { Description = "X for every column or COLUMN=X for one (repeatable); default 0.05 for p-values, 0.1 for distances" };
        var kinds = new Option<string[]>("--kind") { Description = "COLUMN=numeric|categorical|binary|text instead of the inferred kind (repeatable)" };
        var share = new Option<double>("--drift-share") { Description = "Share of drifted columns at which the dataset drifts", DefaultValueFactory = _ => DriftOptions.DefaultDriftShare };
        var minimum = new Option<int>("--min-rows") { Description = "Fewest non-missing values per side before a column is compared", DefaultValueFactory = _ => DriftOptions.DefaultMinimumSampleSize };
        var seed = new Option<int>("--seed") { Description = "Seed of the text sampling and MMD permutations", DefaultValueFactory = _ => 0 };
        var permutations = new Option<int>("--permutations") { Description = "MMD permutations for text columns", DefaultValueFactory = _ => MaximumMeanDiscrepancy.DefaultPermutations };
        var json = new Option<bool>("--json") { Description = "Print JSON for scripts instead of a table" };
        var command = new Command("compare", "Per-column drift: test, statistic, p-value or distance, threshold and verdict; exit 0 no dataset drift, 100 dataset drift, 1 error")
        {
            reference, current, columns, tests, thresholds, kinds, share, minimum, seed, permutations, json,
        };
        command.SetAction(async (result, ct) =>
        {
            try
            {
                var options = new DriftOptions
                {
                    Columns = result.GetValue(columns) is { Length: > 0 } named ? named : null,
                    DriftShare = result.GetValue(share),
                    MinimumSampleSize = result.GetValue(minimum),
                    Seed = result.GetValue(seed),
                    Permutations = result.GetValue(permutations),
                };
                options = Overrides(options, result.GetValue(tests) ?? [], result.GetValue(thresholds) ?? [], result.GetValue(kinds) ?? []);
                var referencePath = result.GetValue(reference)!.FullName;
                var currentPath = result.GetValue(current)!.FullName;
                var referenceTable = ColumnTable.Load(referencePath);
                var currentTable = ColumnTable.Load(currentPath);
                var report = await Task.Run(() => new DriftDetector(new MiniLmEmbedder()).Compare(referenceTable, currentTable, options, ct), ct);
                if (result.GetValue(json))
                {
                    DriftTables.Json(referencePath, currentPath, report);
                }
                else
                {
                    DriftTables.Print(report);
                }

                if (report.ComparedColumns == 0)
                {
                    await Console.Error.WriteLineAsync("vigil: no column could be compared (see the table); no verdict");
                    return 1;
                }

                return report.DatasetDrift ? DatasetDriftExitCode : 0;
            }
            catch (Exception ex) when (ex is TableLoadException or DriftConfigurationException or FormatException)
            {
                await Console.Error.WriteLineAsync("vigil: " + ex.Message);
                return 1;
            }
        });
        return command;
    }

    /// <summary>Applies <c>--test</c>, <c>--threshold</c> and <c>--kind</c>: a bare value sets every column, COLUMN=VALUE one column.</summary>
    internal static DriftOptions Overrides(DriftOptions options, string[] tests, string[] thresholds, string[] kinds)
    {
        var defaults = options.Defaults;
        var perColumn = new Dictionary<string, ColumnDriftOptions>(StringComparer.Ordinal);
        ColumnDriftOptions For(string column) => perColumn.GetValueOrDefault(column) ?? new ColumnDriftOptions();
        foreach (var (column, value) in tests.Select(Split))
        {
            var test = DriftTests.Parse(value);
            if (column is null)
            {
                defaults = defaults with { Test = test };
            }
            else
            {
                perColumn[column] = For(column) with { Test = test };
            }
        }

        foreach (var (column, value) in thresholds.Select(Split))
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold))
            {
                throw new FormatException($"--threshold {value}: not a number");
            }

            if (column is null)
            {
                defaults = defaults with { Threshold = threshold };
            }
            else
            {
                perColumn[column] = For(column) with { Threshold = threshold };
            }
        }

        foreach (var (column, value) in kinds.Select(Split))
        {
            if (column is null || !value.All(char.IsLetter) || !Enum.TryParse<ColumnKind>(value, ignoreCase: true, out var kind))
            {
                throw new FormatException($"--kind {(column is null ? "" : column + "=")}{value}: use COLUMN=numeric, categorical, binary or text");
            }

            perColumn[column] = For(column) with { Kind = kind };
        }

        return options with { Defaults = defaults, PerColumn = perColumn };
    }

    /// <summary>COLUMN=VALUE (split at the last '=') or a bare VALUE.</summary>
    private static (string? Column, string Value) Split(string text)
    {
        var equals = text.LastIndexOf('=');
        return equals <= 0 ? (null, text.Trim()) : (text[..equals].Trim(), text[(equals + 1)..].Trim());
    }

    /// <summary>Text columns are embedded locally with MiniLM (Vigil.Evals), loaded only when a text column is compared.</summary>
    private sealed class MiniLmEmbedder : ITextEmbedder
    {
        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken) => TextEmbeddings.Embed(texts, cancellationToken);
    }
}
