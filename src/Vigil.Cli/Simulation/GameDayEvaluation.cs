using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Alerts;
using Vigil.Server.Configuration;
using Vigil.Server.Detectors;
using Vigil.Server.Evaluation;
using Vigil.Server.Slos;

namespace Vigil.Cli.Simulation;

/// <summary>
/// What a game day runs after each simulated minute, in step with the clock so that a run is repeatable: the SLOs
/// every minute, online evaluation and the detectors when their intervals have passed, then the alerts of the
/// project are recorded as incidents.
/// </summary>
internal sealed class GameDayEvaluation(IServiceProvider services, VigilSettings settings)
{
    private readonly SloEngine _slos = services.GetRequiredService<SloEngine>();
    private readonly OnlineEvaluator _online = services.GetRequiredService<OnlineEvaluator>();
    private readonly DetectorEngine _detectors = services.GetRequiredService<DetectorEngine>();
    private DateTimeOffset? _lastOnline;
    private DateTimeOffset? _lastDetectors;

    public AlertIncidents Incidents { get; } = new();

    public async Task AfterMinuteAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _slos.EvaluateAsync(cancellationToken);
        if (_online.IsEnabled && Due(ref _lastOnline, now, _online.Interval))
        {
            await _online.RunOnceAsync(now, cancellationToken);
        }

        if (Due(ref _lastDetectors, now, settings.Detectors.Interval))
        {
            await _detectors.EvaluateAsync(cancellationToken);
        }

        Incidents.Record(AlertList.Of(Core.Projects.ProjectIds.Default, _slos, _detectors), now);
    }

    private static bool Due(ref DateTimeOffset? last, DateTimeOffset now, TimeSpan interval)
    {
        if (last is { } at && now - at < interval)
        {
            return false;
        }

        last = now;
        return true;
    }
}
