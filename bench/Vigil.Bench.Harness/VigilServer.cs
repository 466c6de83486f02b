using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Bench.Harness;

/// <summary>How to start one <c>vigil serve</c> child process.</summary>
public sealed record VigilServerOptions
{
    /// <summary>Path of vigil.dll (run with <c>dotnet</c>).</summary>
    public required string VigilDll { get; init; }

    public required string DataDirectory { get; init; }

    /// <summary>The child's working directory; a <c>vigil.yaml</c> there is read by <c>vigil serve</c>.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Written to <c>vigil.yaml</c> in <see cref="WorkingDirectory"/> when set.</summary>
    public string? ConfigYaml { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Extra environment variables of the child (for experiments such as DOTNET_gcServer=1).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// The real server as a child process (<c>dotnet vigil.dll serve</c>) on free loopback ports,
/// sampled for memory and CPU every 100 ms. Stopped with SIGTERM, so that it drains its queue and
/// closes the store the way an operator's Ctrl+C does.
/// </summary>
public sealed class VigilServer : IAsyncDisposable
{
    public const string ReadyLine = "Vigil is serving";

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly Lock _tailLock = new();

    private VigilServer(Process process, Uri http)
    {
        _process = process;
        Http = http;
        Sampler = new ProcessSampler(process, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Base address of OTLP/HTTP and the API, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Http { get; }

    public int ProcessId => _process.Id;

    public ProcessSampler Sampler { get; }

    /// <summary>The last lines the server printed (stdout and stderr).</summary>
    public string OutputTail
    {
        get
        {
            lock (_tailLock)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    public static async Task<VigilServer> StartAsync(VigilServerOptions options, CancellationToken cancellationToken)
    {
        if (!File.Exists(options.VigilDll))
        {
            throw new FileNotFoundException(
                $"{options.VigilDll} not found: build the CLI first (dotnet build src/Vigil.Cli -c {RepoPaths.Configuration}) or pass --vigil PATH");
        }

        Directory.CreateDirectory(options.WorkingDirectory);
        var yaml = Path.Combine(options.WorkingDirectory, "vigil.yaml");
        if (options.ConfigYaml is null)
        {
            File.Delete(yaml);
        }
        else
        {
            await File.WriteAllTextAsync(yaml, options.ConfigYaml, cancellationToken);
        }

        var httpPort = FreePort();
        var grpcPort = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = options.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in new[]
        {
            options.VigilDll, "serve", "--data", options.DataDirectory,
            "--http", $"127.0.0.1:{httpPort}", "--grpc", $"127.0.0.1:{grpcPort}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in options.Environment)
        {
            start.Environment[key] = value;
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = (VigilServer?)null;
        var early = new List<string>();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            if (server is null)
            {
                lock (early)
                {
                    early.Add(line);
                }
            }
            else
            {
                server.Remember(line);
            }

            if (line.StartsWith(ReadyLine, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"vigil serve exited with code {process.ExitCode} before it was ready"));
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException("could not start dotnet");
        }

        server = new VigilServer(process, new Uri($"http://127.0.0.1:{httpPort}/"));
        lock (early)
        {
            foreach (var line in early)
            {
                server.Remember(line);
            }
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(options.StartTimeout, cancellationToken);
            return server;
        }
        catch (Exception ex)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"vigil serve did not start: {ex.Message}{Environment.NewLine}{server.OutputTail}", ex);
        }
    }

    /// <summary>SIGTERM, then waits for the process to exit (drain, commit, close the store); kills it after <paramref name="timeout"/>.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return _process.ExitCode;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            if (kill is not null)
            {
                await kill.WaitForExitAsync();
            }
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        return _process.ExitCode;
    }

    private void Remember(string line)
    {
        lock (_tailLock)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync(TimeSpan.FromSeconds(30));
        }

        await Sampler.DisposeAsync();
        _process.Dispose();
    }
}
