using System.CommandLine;
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
        var demo = new Option<bool>("--demo") { Description = "Also run the simulated application against this server" };
        var command = new Command("serve", "Run Vigil: ingest OTLP, serve the API") { data, http, grpc, config, demo };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(config) ?? (File.Exists("vigil.yaml") ? "vigil.yaml" : null);
            try
            {
                var settings = VigilConfigLoader.Load(path);
                settings = settings with
                {
                    DataDirectory = result.GetValue(data) ?? settings.DataDirectory,
                    HttpAddress = result.GetValue(http) ?? settings.HttpAddress,
                    GrpcAddress = result.GetValue(grpc) ?? settings.GrpcAddress,
                };
                await using var host = await VigilHost.CreateAsync(settings, cancellationToken: cancellationToken);
                await host.StartAsync(cancellationToken);
                Console.WriteLine($"Vigil is serving: HTTP {host.HttpAddress} (OTLP /v1/traces, API /api/v1, /metrics), gRPC {host.GrpcAddress}; data in {Path.GetFullPath(settings.DataDirectory)}");
                if (result.GetValue(demo))
                {
                    Console.WriteLine("--demo: the simulated application is not part of this build yet; point an OpenTelemetry SDK at the addresses above.");
                }

                await host.WaitForShutdownAsync(cancellationToken);
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
