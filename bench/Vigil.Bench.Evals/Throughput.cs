using System.Diagnostics;

namespace Vigil.Bench.Evals;

/// <summary>
/// What one timed stretch did: cases completed, wall time, process CPU (every thread: GC, ONNX Runtime's
/// and Kestrel's threads count), bytes allocated by the process (<see cref="GC.GetTotalAllocatedBytes"/>,
/// precise: every thread, so an in-process server's side counts too) and how many cases passed.
/// </summary>
internal sealed record Throughput(long Cases, double WallSeconds, double CpuSeconds, long AllocatedBytes, long Passed)
{
    public double PerSecond => Cases / WallSeconds;

    public double WallUsPerCase => 1e6 * WallSeconds / Cases;

    public double CpuUsPerCase => 1e6 * CpuSeconds / Cases;

    public double BytesPerCase => (double)AllocatedBytes / Cases;

    /// <summary>Cores kept busy on average (process CPU / wall).</summary>
    public double Cores => CpuSeconds / WallSeconds;

    public double PassShare => (double)Passed / Cases;
}

/// <summary>
/// Runs one unit of work (case <c>i</c> → passed?) over and over from <c>workers</c> loops at once until a
/// deadline and at least <c>minCases</c> cases (slow scorers get a sample worth the name), each loop
/// awaiting its case before taking the next (as the evaluator's <c>Parallel.ForEachAsync</c> with
/// <c>MaxDegreeOfParallelism</c> does). Collects garbage first so that
/// one measurement does not pay for the last one's.
/// </summary>
internal static class Throughputs
{
    public static async Task<Throughput> RunAsync(Func<long, CancellationToken, ValueTask<bool>> work, int workers, TimeSpan duration, int minCases, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long next = -1;
        long done = 0;
        long passed = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        var wall = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            long mine = 0, ok = 0;
            do
            {
                if (await work(Interlocked.Increment(ref next), cancellationToken))
                {
                    ok++;
                }

                mine++;
            }
            while (Stopwatch.GetTimestamp() < deadline || Volatile.Read(ref next) + 1 < minCases);

            Interlocked.Add(ref done, mine);
            Interlocked.Add(ref passed, ok);
        }, cancellationToken)).ToList();
        await Task.WhenAll(loops);
        var wallSeconds = Stopwatch.GetElapsedTime(wall).TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        return new Throughput(done, wallSeconds, cpuSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocated, passed);
    }

    /// <summary>One stretch of work measured as a whole (an evaluator run).</summary>
    public static async Task<Throughput> MeasureAsync(Func<Task<(long Cases, long Passed)>> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        var wall = Stopwatch.GetTimestamp();
        var (cases, passed) = await work();
        var wallSeconds = Stopwatch.GetElapsedTime(wall).TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        return new Throughput(cases, wallSeconds, cpuSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocated, passed);
    }
}
