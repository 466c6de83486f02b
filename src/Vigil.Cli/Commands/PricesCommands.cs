using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vigil.Cli.Backends;
using Vigil.Cli.Output;
using Vigil.Core.Pricing;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil prices import FILE</c> (LiteLLM's price-table format) and <c>vigil prices list</c>.</summary>
internal static class PricesCommands
{
    public static Command Create()
    {
        var prices = new Command("prices", "The model price catalog");

        var common = new CommonOptions();
        var file = new Argument<FileInfo>("file") { Description = "A LiteLLM model_prices_and_context_window.json" };
        var effective = new Option<DateTimeOffset?>("--effective-from") { Description = "When the prices take effect (default: now); earlier calls keep the rates of their time" };
        var import = new Command("import", "Import prices; calls are priced with the rates in force at their time") { file, effective };
        common.AddTo(import);
        import.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliException($"file not found: {path.FullName}");
            }

            var from = result.GetValue(effective) ?? TimeProvider.System.GetUtcNow();
            var summary = await ProgressDisplay.RunAsync($"Importing {path.Name}", async () =>
            {
                var json = await File.ReadAllTextAsync(path.FullName, ct);
                return await backend.ImportPricesAsync(json, path.Name, from, ct);
            });
            if (result.GetValue(common.Json))
            {
                Printer.Json(summary);
                return;
            }

            Console.WriteLine($"Imported {summary.Imported} prices from {path.Name}, effective {from:yyyy-MM-dd HH:mm}Z ({backend.Description}); skipped {summary.Skipped}.");
            foreach (var example in summary.SkippedExamples.Take(5))
            {
                Console.WriteLine("  skipped " + example);
            }
        }, ct));

        var listCommon = new CommonOptions();
        var model = new Option<string?>("--model") { Description = "Only models whose name contains this" };
        var list = new Command("list", "List the prices in force") { model };
        listCommon.AddTo(list);
        list.SetAction((result, ct) => listCommon.RunAsync(result, async backend =>
        {
            IEnumerable<ModelPrice> all = await backend.ListPricesAsync(ct);
            if (result.GetValue(model) is { } filter)
            {
                var canonical = ModelNames.Canonical(filter);
                all = all.Where(p => p.Model.Contains(canonical, StringComparison.Ordinal));
            }

            var rows = all.OrderBy(p => p.Model, StringComparer.Ordinal).ThenBy(p => p.EffectiveFrom).ToList();
            if (result.GetValue(listCommon.Json))
            {
                Printer.Json(rows);
                return;
            }

            var table = new Table().AddColumns("model", "provider", "from", "input/M", "output/M", "cache read/M", "cache write/M", "tiers", "source");
            foreach (var p in rows)
            {
                table.AddRow(Markup.Escape(p.Model), Markup.Escape(p.Provider ?? "*"), p.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Usd(p.InputPerMillion), Usd(p.OutputPerMillion), Usd(p.CacheReadPerMillion), Usd(p.CacheWritePerMillion),
                    p.Tiers.Count.ToString(CultureInfo.InvariantCulture), Markup.Escape(p.Source));
            }

            AnsiConsole.Write(table);
        }, ct));

        prices.Subcommands.Add(import);
        prices.Subcommands.Add(list);
        return prices;
    }

    private static string Usd(decimal? value) => value is null ? "" : value.Value.ToString("0.####", CultureInfo.InvariantCulture);
}
