using Vigil.Bench.Harness;

namespace Vigil.Bench.Ingest;

/// <summary>
/// The ingest benchmark: sustained phase against a real <c>vigil serve</c>, the raw appender
/// baseline for the same number of rows, an overload phase with a small queue, and the per-span
/// breakdown of the write path. Prints a report and saves it under bench/results.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var bench = new BenchArgs(args);
        if (bench.Help)
        {
            Console.WriteLine(IngestOptions.Usage);
            return 0;
        }

        IngestOptions options;
        try
        {
            options = IngestOptions.Parse(bench);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message + Environment.NewLine + Environment.NewLine + IngestOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var work = Path.Combine(Path.GetTempPath(), "vigil-bench-ingest-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var run = new IngestRun(options, work, new Report());
            return await run.RunAsync(cancel.Token);
        }
        finally
        {
            if (!options.Keep)
            {
                Directory.Delete(work, recursive: true);
            }
            else
            {
                Console.WriteLine($"kept {work}");
            }
        }
    }
}
