using System.Diagnostics;
using Vigil.Bench.Harness;

namespace Vigil.Bench.Slo;

/// <summary>One measured stretch: CPU time of the whole process (every thread: GC and DuckDB's workers included) and wall time.</summary>
internal readonly record struct Cost(double CpuMs, double WallMs)
{
    public static Cost operator +(Cost a, Cost b) => new(a.CpuMs + b.CpuMs, a.WallMs + b.WallMs);

    public static Cost Add(Cost a, Cost b) => a + b;
}

/// <summary>
/// Measures CPU and wall time. CPU is <see cref="Environment.CpuUsage"/> (getrusage on Linux: user +
/// system time of every thread of the process, microsecond resolution), so it counts what the work
/// made other threads do (GC, DuckDB's thread pool) and, on an idle process, little else.
/// </summary>
internal readonly struct CpuMeter
{
    private readonly TimeSpan _cpu;
    private readonly long _wall;

    private CpuMeter(TimeSpan cpu, long wall)
    {
        _cpu = cpu;
        _wall = wall;
    }

    public static CpuMeter Start() => new(Environment.CpuUsage.TotalTime, Stopwatch.GetTimestamp());

    public Cost Stop() => new((Environment.CpuUsage.TotalTime - _cpu).TotalMilliseconds, Stopwatch.GetElapsedTime(_wall).TotalMilliseconds);

    public static Cost Measure(Action work)
    {
        var meter = Start();
        work();
        return meter.Stop();
    }

    public static async Task<Cost> MeasureAsync(Func<Task> work)
    {
        var meter = Start();
        await work();
        return meter.Stop();
    }
}

/// <summary>Costs of repeated runs of one step: mean, p95 and max of CPU and wall time.</summary>
internal sealed class CostSample
{
    private readonly List<Cost> _costs = [];

    public int Count => _costs.Count;

    public void Add(Cost cost) => _costs.Add(cost);

    public double MeanCpu => _costs.Count == 0 ? double.NaN : _costs.Average(c => c.CpuMs);

    public double MeanWall => _costs.Count == 0 ? double.NaN : _costs.Average(c => c.WallMs);

    public double P95Cpu => Percentiles.OfSorted(Percentiles.Sorted(_costs.Select(c => c.CpuMs)), 0.95);

    public double P95Wall => Percentiles.OfSorted(Percentiles.Sorted(_costs.Select(c => c.WallMs)), 0.95);

    public double MaxCpu => _costs.Count == 0 ? double.NaN : _costs.Max(c => c.CpuMs);

    public double MaxWall => _costs.Count == 0 ? double.NaN : _costs.Max(c => c.WallMs);

    public double MedianWall => Percentiles.OfSorted(Percentiles.Sorted(_costs.Select(c => c.WallMs)), 0.5);

    public double MedianCpu => Percentiles.OfSorted(Percentiles.Sorted(_costs.Select(c => c.CpuMs)), 0.5);
}
