using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Prometheus;
using Vigil.Core.Ports;
using Vigil.Core.Pricing;
using Vigil.Core.Releases;
using Vigil.Ingest;
using Vigil.Ingest.Journal;
using Vigil.Ingest.Pipeline;
using Vigil.Ingest.Pricing;
using Vigil.Server.Api;
using Vigil.Server.Alerts;
using Vigil.Server.Auth;
using Vigil.Server.Configuration;
using Vigil.Server.Detectors;
using Vigil.Server.Evaluation;
using Vigil.Server.Evaluation.Datasets;
using Vigil.Server.Evaluation.Gap;
using Vigil.Server.Evaluation.Runs;
using Vigil.Server.Health;
using Vigil.Server.Otlp;
using Vigil.Server.Releases;
using Vigil.Server.Slos;
using Vigil.Storage.DuckDb;

namespace Vigil.Server.Hosting;

/// <summary>
/// One <c>vigil serve</c>: the embedded store opened and owned, Kestrel on an HTTP/1.1 port (OTLP/HTTP,
/// REST API, <c>/metrics</c>, health) and an HTTP/2 port (OTLP/gRPC), the writer and retention
/// services. Tests build it on port 0 and read the bound addresses back.
/// </summary>
public sealed class VigilHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DuckDbDatabase _database;
    private readonly DataDirectoryLock _directoryLock;

    private VigilHost(WebApplication app, DuckDbDatabase database, DataDirectoryLock directoryLock, VigilSettings settings)
    {
        _app = app;
        _database = database;
        _directoryLock = directoryLock;
        Settings = settings;
    }

    public VigilSettings Settings { get; }

    /// <summary>The HTTP base address actually bound (after start), e.g. http://127.0.0.1:4318.</summary>
    public Uri HttpAddress { get; private set; } = new("http://127.0.0.1:4318");

    /// <summary>The gRPC base address actually bound (after start).</summary>
    public Uri GrpcAddress { get; private set; } = new("http://127.0.0.1:4317");

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Validates the settings, opens the store (failing with <see cref="StoreLockedException"/> when
    /// another process owns it) and builds the server; nothing listens until <see cref="StartAsync"/>.
    /// </summary>
    public static async Task<VigilHost> CreateAsync(VigilSettings settings, VigilHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        var errors = VigilConfigLoader.Validate(settings);
        if (errors.Count > 0)
        {
            throw new ConfigurationException("settings", errors);
        }

        options ??= VigilHostOptions.Default;
        var time = options.Time;
        var http = ListenAddress.Parse(settings.HttpAddress);
        var grpc = ListenAddress.Parse(settings.GrpcAddress);
        var loopbackOnly = http.IsLoopback && grpc.IsLoopback;
        if (settings.Anonymous == AnonymousAccess.Allow && !loopbackOnly)
        {
            throw new ConfigurationException("settings", ["auth.anonymous: 'allow' is only permitted when Vigil listens on loopback addresses"]);
        }

        var directoryLock = DataDirectoryLock.Acquire(settings.DataDirectory);
        DuckDbDatabase? database = null;
        try
        {
            database = DuckDbDatabase.Open(settings.DataDirectory, time);
            var store = new DuckDbTelemetryStore(database);
            var telemetry = options.DecorateTelemetryStore?.Invoke(store) ?? store;
            var control = new DuckDbControlStateStore(database);
            var allowAnonymous = settings.Anonymous switch
            {
                AnonymousAccess.Allow => true,
                AnonymousAccess.Deny => false,
                _ => loopbackOnly,
            };
            if (!loopbackOnly)
            {
                var keys = await control.ListApiKeysAsync(null, cancellationToken);
                if (!keys.Any(k => k.IsActive))
                {
                    throw new ConfigurationException("settings",
                        [$"Vigil listens on a non-loopback address ({http.Host}) but has no API key; create one first: vigil keys create --project default --scopes admin --data {settings.DataDirectory}"]);
                }
            }

            var releases = new DuckDbReleaseStore(database);
            var evals = new DuckDbEvalStore(database);
            var app = Build(settings, options, http, grpc, telemetry, store, control, releases, evals, new AuthPolicy(allowAnonymous));
            return new VigilHost(app, database, directoryLock, settings);
        }
        catch
        {
            database?.Dispose();
            directoryLock.Dispose();
            throw;
        }
    }

    private static WebApplication Build(
        VigilSettings settings, VigilHostOptions options, ListenAddress http, ListenAddress grpc,
        ITelemetryStore telemetry, DuckDbTelemetryStore store, IControlStateStore control, IReleaseStore releases, IEvalStore evals, AuthPolicy policy)
    {
        var (time, logging) = (options.Time, options.Logging);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        if (logging is not null)
        {
            logging(builder.Logging);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = settings.Ingest.MaxBodyBytes;
            kestrel.Listen(Endpoint(http), o => o.Protocols = HttpProtocols.Http1);
            kestrel.Listen(Endpoint(grpc), o => o.Protocols = HttpProtocols.Http2);
        });

        var services = builder.Services;
        services.AddSingleton(time);
        services.AddSingleton(settings);
        services.AddSingleton(settings.Ingest);
        services.AddSingleton(telemetry);
        services.AddSingleton(control);
        services.AddSingleton(releases);
        services.AddSingleton(sp => new ReleaseRegistry(releases, time));
        services.AddSingleton<ReleaseService>();
        services.AddSingleton(evals);
        services.AddSingleton<DatasetService>();
        services.AddSingleton(settings.Evaluation);
        services.AddSingleton<EvalRunService>();
        services.AddSingleton<GapService>();
        services.AddSingleton(policy);
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton(_ => new PriceBook(PriceCatalog.Create(BuiltInPrices.All)));
        services.AddSingleton(sp => new PriceRegistry(control, sp.GetRequiredService<PriceBook>(), settings.PriceOverrides));
        services.AddSingleton(sp => new IngestMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        if (settings.Queue.Journal)
        {
            services.AddSingleton(sp => IngestJournal.Open(
                JournalDirectory(settings), logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger("Vigil.Ingest.Journal")));
        }

        services.AddSingleton(sp => new TelemetryWriteQueue(
            telemetry, settings.Queue, sp.GetRequiredService<IngestMetrics>(), sp.GetService<IngestJournal>(), time,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Vigil.Ingest.Pipeline")));
        services.AddSingleton<IngestService>();
        services.AddSingleton<IngestAdmission>();
        services.AddHostedService<TelemetryWriterService>();
        services.AddHostedService<RetentionService>();
        services.AddSingleton(sp => SloEngine.Create(settings, store, sp.GetRequiredService<TelemetryWriteQueue>(), time, sp.GetRequiredService<ILogger<SloEngine>>()));
        services.AddSingleton(sp => new SloMetrics(sp.GetRequiredService<SloEngine>(), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddHostedService<SloEvaluationService>();
        services.AddDetectors(settings, store, time, options.EvaluationsDrivenByCaller);
        services.AddSingleton(sp => new OnlineEvaluationMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp => new OnlineEvaluator(
            settings.Evaluation, store, telemetry, time, sp.GetRequiredService<OnlineEvaluationMetrics>(), sp.GetRequiredService<ILogger<OnlineEvaluator>>()));
        services.AddSingleton<OnlineEvaluationService>();
        if (!options.EvaluationsDrivenByCaller)
        {
            services.AddHostedService(sp => sp.GetRequiredService<OnlineEvaluationService>());
        }
        services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = settings.Ingest.MaxBodyBytes;
            o.EnableDetailedErrors = true;
        });
        services.AddOpenApi();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));

        var app = builder.Build();
        app.UseMiddleware<AuthMiddleware>();
        app.MapOtlpHttp();
        app.MapGrpcService<OtlpTraceGrpcService>().RequireScope(Core.Projects.ApiKeyScope.Ingest);
        app.MapGrpcService<OtlpMetricsGrpcService>().RequireScope(Core.Projects.ApiKeyScope.Ingest);
        var api = app.MapGroup("/api/v1");
        api.MapGroup("").AddEndpointFilter<ReadYourWritesFilter>().MapTelemetryApi();
        api.MapGroup("").AddEndpointFilter<ReadYourWritesFilter>().MapSloApi();
        api.MapGroup("").AddEndpointFilter<ReadYourWritesFilter>().MapAlertApi();
        api.MapAdminApi();
        api.MapReleaseApi();
        api.MapGroup("").AddEndpointFilter<ReadYourWritesFilter>().MapEvaluationApi();
        api.MapGroup("").AddEndpointFilter<ReadYourWritesFilter>().MapDatasetApi();
        api.MapEvalRunApi();
        api.MapGroup("").AddEndpointFilter<ReadYourWritesFilter>().MapGapApi();
        app.MapHealth();
        app.MapMetrics("/metrics");
        app.MapOpenApi("/openapi/v1.json");
        return app;
    }

    private static System.Net.IPEndPoint Endpoint(ListenAddress address) =>
        address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            ? new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, address.Port)
            : new System.Net.IPEndPoint(System.Net.IPAddress.Parse(address.Host), address.Port);

    /// <summary>The ingest journal's directory inside the data directory.</summary>
    public static string JournalDirectory(VigilSettings settings) => Path.Combine(settings.DataDirectory, "journal");

    /// <summary>
    /// Loads prices, replays the ingest journal into the store (exports acknowledged before a crash),
    /// starts listening, and records the bound addresses in <c>server.json</c> of the data directory.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var services = _app.Services;
        await services.GetRequiredService<PriceRegistry>().ReloadAsync(cancellationToken);
        if (services.GetService<IngestJournal>() is { } journal)
        {
            await JournalReplay.RunAsync(
                journal, services.GetRequiredService<ITelemetryStore>(), services.GetRequiredService<IngestService>().Remap,
                Settings.Queue.MaxItemsPerCommit, services.GetRequiredService<ILoggerFactory>().CreateLogger("Vigil.Ingest.Journal"), cancellationToken);
        }

        services.GetRequiredService<SloMetrics>();
        services.GetRequiredService<AlertMetrics>();
        services.GetRequiredService<OnlineEvaluationMetrics>();
        await _app.StartAsync(cancellationToken);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        HttpAddress = new Uri(addresses[0]);
        GrpcAddress = new Uri(addresses[1]);
        var info = new ServerInfo(HttpAddress.ToString().TrimEnd('/'), GrpcAddress.ToString().TrimEnd('/'), Environment.ProcessId);
        await File.WriteAllTextAsync(ServerInfo.PathIn(Settings.DataDirectory), JsonSerializer.Serialize(info, ApiJson.Options), cancellationToken);
    }

    /// <summary>Runs until the host is stopped (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _app.StopAsync(cancellationToken);
        File.Delete(ServerInfo.PathIn(Settings.DataDirectory));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _database.Dispose();
        _directoryLock.Dispose();
    }
}

/// <summary>Where a running server listens, written to <c>server.json</c> in its data directory so that the CLI can find it.</summary>
public sealed record ServerInfo(string Http, string Grpc, int ProcessId)
{
    public const string FileName = "server.json";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);
}
