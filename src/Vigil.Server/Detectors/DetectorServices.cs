using Vigil.Core.Ports;
using Vigil.Core.Projects;
using Vigil.Ingest.Pipeline;
using Vigil.Ingest.Pricing;
using Vigil.Server.Alerts;
using Vigil.Server.Configuration;
using Vigil.Server.Detectors.Checks;
using Vigil.Server.Detectors.Statuspages;

namespace Vigil.Server.Detectors;

/// <summary>The detector engine of a server, its timer, the status-page poller and the alert metrics.</summary>
internal static class DetectorServices
{
    /// <summary>One client for every status page: each fetch has its own timeout (on the server's clock), so the client's own is off.</summary>
    private static class StatuspageHttp
    {
        public static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { { "User-Agent", "Vigil status-page poller" } },
        };
    }

    public static void AddDetectors(this IServiceCollection services, VigilSettings settings, IDetectorSource source, TimeProvider time, bool drivenByCaller)
    {
        var detectors = settings.Detectors;
        services.AddSingleton(detectors);
        var polling = detectors.Vendor.Enabled && detectors.Vendor.Statuspages.Count > 0;
        if (polling)
        {
            services.AddSingleton(sp => new StatuspagePoller(
                detectors.Vendor.Statuspages, StatuspageHttp.Client, time, sp.GetRequiredService<ILogger<StatuspagePoller>>()));
            services.AddHostedService<StatuspagePollingService>();
        }

        services.AddSingleton(sp =>
        {
            var queue = sp.GetRequiredService<TelemetryWriteQueue>();
            var statuspages = polling ? new StatuspageCheck(sp.GetRequiredService<StatuspagePoller>(), detectors.Interval) : null;
            var checks = DetectorChecks.Create(detectors, () => sp.GetRequiredService<PriceBook>().Current, new CachingTextEmbedder(), statuspages);
            return new DetectorEngine(
                checks, detectors.Alerts, source, (now, ct) => ProjectsAsync(source, detectors, now, ct), time,
                sp.GetRequiredService<ILogger<DetectorEngine>>(),
                queue.IsJournaled ? ct => queue.WaitForAcknowledgedAsync(settings.Queue.ReadYourWritesWait, ct) : null);
        });
        services.AddSingleton(sp => new AlertMetrics(
            sp.GetRequiredService<Slos.SloEngine>(), sp.GetRequiredService<DetectorEngine>(), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        if (!drivenByCaller)
        {
            services.AddHostedService<DetectorEvaluationService>();
        }
    }

    /// <summary>The projects with spans in the last day (the default project always: status pages report there).</summary>
    private static async Task<IReadOnlyList<string>> ProjectsAsync(IDetectorSource source, DetectorSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recent = await source.ReadProjectsAsync(new Core.Queries.TimeRange(now - TimeSpan.FromDays(1), now), cancellationToken);
        return settings.Vendor.Statuspages.Count > 0 && !recent.Contains(ProjectIds.Default) ? [ProjectIds.Default, .. recent] : recent;
    }
}
