using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Vigil.Bench.Harness;

/// <summary>One line describing the machine a figure was measured on.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var memory = "unknown memory";
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line is not null)
            {
                var kilobytes = long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                memory = string.Create(CultureInfo.InvariantCulture, $"{kilobytes / 1048576.0:F1} GiB RAM");
            }
        }
        catch (IOException)
        {
        }

        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }

        return $"{Environment.ProcessorCount} cores ({cpu}), {memory}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    /// <summary>
    /// The 1, 5 and 15-minute load averages: on a shared machine, how many runnable tasks competed
    /// for the cores (anything well above the core count means the figures are depressed).
    /// </summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>The commit checked out when the benchmark ran, and how many files of src/ had uncommitted changes.</summary>
    public static string SourceRevision()
    {
        var head = Git("rev-parse --short HEAD")?.Trim();
        var changes = Git("status --porcelain -- src")?.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        return head is null ? "unknown (git not available)" : changes > 0 ? $"{head} + {changes} uncommitted changes in src/" : head;
    }

    private static string? Git(string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", $"-C \"{RepoPaths.Root}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }

            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
