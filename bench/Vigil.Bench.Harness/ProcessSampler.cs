using System.Diagnostics;
using System.Globalization;

namespace Vigil.Bench.Harness;

/// <summary>One reading of a process: resident memory (VmRSS) and CPU time used so far.</summary>
public readonly record struct ProcessSample(TimeSpan At, long RssBytes, TimeSpan Cpu);

/// <summary>
/// Samples another process every <c>interval</c>: VmRSS from <c>/proc/&lt;pid&gt;/status</c> and its
/// CPU time (user + system). Windows of the run are read back by elapsed time (<see cref="Now"/>).
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ProcessSample> _samples = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProcessSampler(Process process, TimeSpan interval)
    {
        _process = process;
        _loop = Task.Run(() => LoopAsync(interval, _stop.Token));
    }

    /// <summary>Elapsed time on the sampler's clock: mark the start and end of a phase with it.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Takes a sample now (besides the periodic ones) and returns it.</summary>
    public ProcessSample SampleNow()
    {
        var sample = Read();
        lock (_lock)
        {
            _samples.Add(sample);
        }

        return sample;
    }

    /// <summary>The largest VmRSS sampled in [from, to]; 0 when none.</summary>
    public long PeakRss(TimeSpan from, TimeSpan to)
    {
        lock (_lock)
        {
            return _samples.Where(s => s.At >= from && s.At <= to).Select(s => s.RssBytes).DefaultIfEmpty(0).Max();
        }
    }

    public long PeakRss() => PeakRss(TimeSpan.Zero, TimeSpan.MaxValue);

    /// <summary>CPU cores the process kept busy on average in [from, to] (CPU time over wall time between the samples bracketing the window).</summary>
    public double AverageCores(TimeSpan from, TimeSpan to)
    {
        lock (_lock)
        {
            var inside = _samples.Where(s => s.At >= from && s.At <= to && s.Cpu > TimeSpan.Zero).ToList();
            if (inside.Count < 2)
            {
                return double.NaN;
            }

            var first = inside[0];
            var last = inside[^1];
            return (last.Cpu - first.Cpu).TotalSeconds / (last.At - first.At).TotalSeconds;
        }
    }

    public IReadOnlyList<ProcessSample> Samples
    {
        get
        {
            lock (_lock)
            {
                return [.. _samples];
            }
        }
    }

    private async Task LoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                if (_process.HasExited)
                {
                    return;
                }

                SampleNow();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
        catch (InvalidOperationException)
        {
            // The process went away between the check and the read.
        }
    }

    private ProcessSample Read()
    {
        var at = _clock.Elapsed;
        long rss = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    rss = long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                    break;
                }
            }
        }
        catch (IOException)
        {
            // Exited: keep 0.
        }

        _process.Refresh();
        var cpu = _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
        return new ProcessSample(at, rss, cpu);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
