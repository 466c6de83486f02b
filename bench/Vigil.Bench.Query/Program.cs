using Vigil.Bench.Harness;

namespace Vigil.Bench.Query;

/// <summary>
/// The query benchmark: builds (or reuses) the data set, times /api/v1/stats on a real
/// <c>vigil serve</c>, then the same query in process and naively over raw spans, and checks the
/// counts. Prints a report and saves it under bench/results.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var bench = new BenchArgs(args);
        if (bench.Help)
        {
            Console.WriteLine(QueryOptions.Usage);
            return 0;
        }

        QueryOptions options;
        try
        {
            options = QueryOptions.Parse(bench);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message + Environment.NewLine + Environment.NewLine + QueryOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var work = Path.Combine(Path.GetTempPath(), "vigil-bench-query-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            return await new QueryRun(options, work, new Report()).RunAsync(cancel.Token);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
