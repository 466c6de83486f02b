using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Cli.Tests;

/// <summary>The real <c>vigil</c> command in a child process: run to completion, or serve until killed.</summary>
public sealed class VigilProcess : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private VigilProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Runs <c>vigil ARGS</c> to completion in <paramref name="workingDirectory"/>.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts <c>vigil serve</c> on free loopback ports and waits until it says it serves.</summary>
    public static async Task<VigilProcess> ServeAsync(string workingDirectory, string dataDirectory, int httpPort, int grpcPort, params string[] extra)
    {
        var process = Start(workingDirectory, ["serve", "--data", dataDirectory, "--http", $"127.0.0.1:{httpPort}", "--grpc", $"127.0.0.1:{grpcPort}", .. extra]);
        var vigil = new VigilProcess(process);
        process.OutputDataReceived += (_, e) => vigil.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => vigil.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(vigil._serving.Task, exited).WaitAsync(Timeout);
        if (first == exited)
        {
            throw new InvalidOperationException("vigil serve exited early:\n" + vigil.Output);
        }

        return vigil;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(Timeout);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.StartsWith("Vigil is serving", StringComparison.Ordinal))
        {
            _serving.TrySetResult();
        }
    }

    private static Process Start(string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(VigilDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment.Remove("VIGIL_API_KEY");
        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }

    /// <summary>vigil.dll as built beside this test assembly's configuration.</summary>
    private static string VigilDll { get; } = FindVigilDll();

    private static string FindVigilDll()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(Repository.Root, "src", "Vigil.Cli", "bin", configuration, "net10.0", "vigil.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Vigil.Cli first", dll);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(Timeout);
        }

        _process.Dispose();
    }
}
