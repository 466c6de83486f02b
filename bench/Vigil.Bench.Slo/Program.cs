using System.Globalization;
using Vigil.Bench.Harness;
using Vigil.Core.Slos;

namespace Vigil.Bench.Slo;

/// <summary>
/// The SLO benchmark: the CPU cost of evaluating the catalogue's SLOs every interval, in Core and through
/// the engine over a real DuckDB store, and the engine's start-up read. Prints a report and saves it
/// under bench/results.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var bench = new BenchArgs(args);
        if (bench.Help)
        {
            Console.WriteLine(SloOptions.Usage);
            return 0;
        }

        SloOptions options;
        try
        {
            options = SloOptions.Parse(bench);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message + Environment.NewLine + Environment.NewLine + SloOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var slos = SloCatalog.Build(options.Slos);
        var invalid = slos.SelectMany(s => s.Validate().Select(e => $"{s.Name}: {e}")).ToList();
        if (invalid.Count > 0)
        {
            await Console.Error.WriteLineAsync("invalid SLO in the catalogue:" + Environment.NewLine + string.Join(Environment.NewLine, invalid));
            return 1;
        }

        var report = new SloReport(options, slos, new Report());
        var now = TimeProvider.System.GetUtcNow();
        var start = DateTimeOffset.FromUnixTimeMilliseconds(MinuteSeries.MinuteOf(now) * 60_000);
        report.Header(start);

        var work = Path.Combine(Path.GetTempPath(), "vigil-bench-slo-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            if (options.Parts.Contains("core"))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(core: {options.Slos} SLOs, {options.HistoryDays} days of history each, {options.Warmup} + {options.Ticks} ticks)"));
                report.Core(CoreRun.Run(options, slos, start));
                ForgetRuntimes();
            }

            if (options.Parts.Contains("engine"))
            {
                Console.WriteLine("(engine over a DuckDB store)");
                report.Engine(await EngineRun.RunAsync(options, slos, start, Path.Combine(work, "engine"), cancel.Token));
                ForgetRuntimes();
            }

            if (options.Parts.Contains("bootstrap") && options.BootstrapSpans > 0)
            {
                Console.WriteLine("(start-up read)");
                report.Bootstrap(await BootstrapRun.RunAsync(options, slos, start, Path.Combine(work, "bootstrap"), cancel.Token));
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        return await report.FinishAsync(cancel.Token);
    }

    /// <summary>Each part's 100 runtimes hold ~100 MB of minute rings: collect them before the next part is measured.</summary>
    private static void ForgetRuntimes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
