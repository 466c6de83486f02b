using System.CommandLine;
using Vigil.Cli.Simulation;
using Vigil.Server.Configuration;
using Vigil.Server.Hosting;
using Vigil.Storage.DuckDb;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil serve</c>: the service. Command-line options override vigil.yaml.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Data directory (default ./.vigil)" };
        var http = new Option<string?>("--http") { Description = "HOST:PORT for OTLP/HTTP, the API and the dashboard (default 127.0.0.1:4318)" };
        var grpc = new Option<string?>("--grpc") { Description = "HOST:PORT for OTLP/gRPC (default 127.0.0.1:4317)" };
        var config = new Option<string?>("--config") { Description = "Configuration file (default vigil.yaml when present)" };
        var demo = new Option<bool>("--demo") { Description = "Run the simulated application 'acme' against this server on a simulated clock, looping a demo day (data in ./.vigil-demo unless --data)" };
        var demoSpeed = new Option<double?>("--demo-speed") { Description = $"Simulated time per real time in --demo (default {DemoMode.Speed})" };
        var command = new Command("serve", "Run Vigil: ingest OTLP, serve the API") { data, http, grpc, config, demo, demoSpeed };
        command.Validators.Add(result =>
        {
            if (result.GetValue(demoSpeed) is { } speed && !(speed > 0))
            {
                result.AddError($"--demo-speed must be a positive number (got {speed})");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = ConfigPath.Resolve(result.GetValue(config));
            try
            {
                var settings = VigilConfigLoader.Load(path);
                var demoMode = result.GetValue(demo) ? new DemoMode() : null;
                if (demoMode is not null && result.GetValue(data) is null)
                {
                    DemoMode.PrepareDataDirectory(DemoMode.DefaultDataDirectory);
                }

                settings = settings with
                {
                    DataDirectory = result.GetValue(data) ?? (demoMode is null ? settings.DataDirectory : DemoMode.DefaultDataDirectory),
                    HttpAddress = result.GetValue(http) ?? settings.HttpAddress,
                    GrpcAddress = result.GetValue(grpc) ?? settings.GrpcAddress,
                };
                if (demoMode is not null && settings.Slos.Count == 0)
                {
                    // The demo shows acme's own SLOs unless vigil.yaml defines some.
                    settings = settings with { Slos = AcmeSloDefinitions.Load() };
                }

                if (demoMode is not null && settings.Evaluation.Online.Count == 0)
                {
                    // … and scores acme's traffic online unless vigil.yaml configures online evaluation.
                    settings = settings with { Evaluation = settings.Evaluation with { Online = AcmeSloDefinitions.Evaluation().Online } };
                }

                if (demoMode is not null && settings.Detectors.Audit.Required.Count == 0 && settings.Detectors.Vendor.QualityScores.Count == 0)
                {
                    // … and runs the detectors with acme's quality scores and required attributes unless vigil.yaml names its own.
                    settings = settings with { Detectors = AcmeSloDefinitions.Detectors() };
                }

                var options = demoMode is null ? VigilHostOptions.Default : new VigilHostOptions { Time = demoMode.Clock };
                await using var host = await VigilHost.CreateAsync(settings, options, cancellationToken);
                await host.StartAsync(cancellationToken);
                Console.WriteLine($"Vigil is serving: HTTP {host.HttpAddress} (OTLP /v1/traces, API /api/v1, /metrics), gRPC {host.GrpcAddress}; data in {Path.GetFullPath(settings.DataDirectory)}");
                using var stopDemo = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var demoRun = Task.CompletedTask;
                if (demoMode is not null)
                {
                    var speed = result.GetValue(demoSpeed) ?? DemoMode.Speed;
                    Console.WriteLine($"--demo: the simulated application 'acme' (support-chat, summarize, extract-invoice, research-agent) runs scenarios/demo.yaml at {speed:0.#}x real time, looping; the server's clock is the simulated one. acme deploys through this server's release registry (vigil release list) and serves its active releases, so a rollback changes what it serves.");
                    demoRun = Task.Run(() => demoMode.RunAsync(host, speed, stopDemo.Token), CancellationToken.None);
                }

                await host.WaitForShutdownAsync(cancellationToken);
                await stopDemo.CancelAsync();
                await demoRun;
                await host.StopAsync(CancellationToken.None);
                return 0;
            }
            catch (ConfigurationException ex)
            {
                await Console.Error.WriteLineAsync("vigil: " + ex.Message);
                return 2;
            }
            catch (StoreLockedException ex)
            {
                await Console.Error.WriteLineAsync("vigil: " + ex.Message);
                return 1;
            }
            catch (IOException ex) when (ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"vigil: {ex.Message}; choose other ports with --http and --grpc");
                return 1;
            }
        });
        return command;
    }
}
