using Vigil.Core;
using Vigil.Core.Ports;
using Registry = Vigil.Core.Releases;

namespace Vigil.Simulator.Application;

/// <summary>
/// The control plane of an application that deploys through Vigil's release registry: each deploy
/// is a release created and activated in the registry (by <see cref="Actor"/>, with the deploy's
/// reason, at the deploy's simulated time), and the application serves each feature's
/// <em>active</em> release in the registry — so a rollback made in Vigil changes what it serves.
/// Spans carry Vigil's release ids (<c>r1</c>, <c>r2</c>, …).
/// </summary>
/// <remarks>
/// <para>
/// The application asks for its controls on every request, synchronously; the registry is
/// asynchronous. The plane therefore serves from a cache, updated by each <see cref="Activate"/> and
/// by <see cref="RefreshAsync"/> (the runner's once-a-minute call, one query), which picks up releases
/// activated in Vigil by anyone else — a rollback through the API or the CLI. Releases the simulator never deployed are served with no
/// ground-truth effect (see <see cref="ReleaseMapping"/>); one the application cannot serve (it routes
/// to no model acme can call) is not switched to: the previous release stays in service.
/// </para>
/// <para>
/// Throttles, kill switches and failover stay in memory, as in <see cref="LocalControlPlane"/>.
/// Thread-safe: registry work is serialised, reads of the cache take a short lock.
/// </para>
/// </remarks>
public sealed class RegistryControlPlane : IRefreshingControlPlane, IDisposable
{
    /// <summary>Who the registry's audit log names for the application's deploys.</summary>
    public const string Actor = "acme deploy pipeline";

    private const int Attempts = 3;

    /// <summary>
    /// How far from the clock a refresh looks for activations: back, for commits that waited while the
    /// simulation ran on; ahead, for the plane's deploys, stamped at their time within the current minute.
    /// </summary>
    private static readonly TimeSpan Window = TimeSpan.FromDays(1);

    private readonly IReleaseStore _store;
    private readonly string _project;
    private readonly TimeProvider _time;
    private readonly DeployClock _deployClock;
    private readonly Registry.ReleaseRegistry _registry;
    private readonly ReleaseMapping _mapping = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Dictionary<string, string> _vigilActive = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FeatureControls> _controls = new(StringComparer.Ordinal);
    private readonly List<Deploy> _deploys = [];

    private RegistryControlPlane(IReleaseStore store, string project, TimeProvider time)
    {
        _store = store;
        _project = project;
        _time = time;
        _deployClock = new DeployClock(time);
        _registry = new Registry.ReleaseRegistry(store, _deployClock);
    }

    /// <summary>
    /// A plane over <paramref name="store"/> for <paramref name="project"/>. Each feature of
    /// <paramref name="initial"/> without an active release in Vigil gets one: the initial release,
    /// created and activated at <paramref name="start"/> ("initial release"). A feature that has one
    /// keeps it, and the application serves it.
    /// </summary>
    /// <param name="time">The simulated clock (the registry's audit entries and deploy markers take its time).</param>
    /// <exception cref="InvalidOperationException">The registry refused a deploy, or a feature's active release cannot be served.</exception>
    public static async Task<RegistryControlPlane> CreateAsync(
        IReleaseStore store, string project, IEnumerable<Release> initial, DateTimeOffset start, TimeProvider time, CancellationToken cancellationToken)
    {
        var plane = new RegistryControlPlane(store, project, time);
        try
        {
            await plane.InitialiseAsync([.. initial], start, cancellationToken).ConfigureAwait(false);
            return plane;
        }
        catch
        {
            plane.Dispose();
            throw;
        }
    }

    public IReadOnlyList<Deploy> Deploys
    {
        get
        {
            lock (_gate)
            {
                return [.. _deploys];
            }
        }
    }

    public FeatureControls Controls(string feature)
    {
        lock (_gate)
        {
            return _controls[feature];
        }
    }

    /// <summary>Creates and activates the deploy's release in Vigil; the application serves it at once.</summary>
    /// <exception cref="InvalidOperationException">The registry refused the release or its activation.</exception>
    public void Activate(Deploy deploy) =>
        Task.Run(() => ActivateAsync(deploy, CancellationToken.None)).GetAwaiter().GetResult();

    /// <inheritdoc cref="Activate"/>
    public async Task ActivateAsync(Deploy deploy, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await DeployAsync(deploy, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Reads the activations stamped within a simulated day of now (one query, whatever the number
    /// of features); a feature whose active release is no longer the one the plane serves is served
    /// Vigil's active release from now on.
    /// </summary>
    /// <remarks>
    /// An activation is stamped by the registry's clock — the simulated one — before it commits, and
    /// its commit may wait behind the telemetry writer while the simulation runs on, so the window
    /// reaches a simulated day back rather than to the last refresh. The latest activation of a
    /// feature in the window is confirmed as its active release by the store before it is served
    /// (a data directory reused from an earlier run may hold activations stamped at any time).
    /// </remarks>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var recent = await _store.ListActivationsAsync(_project, null, now - Window, now + Window, cancellationToken).ConfigureAwait(false);
            foreach (var latest in recent.GroupBy(a => a.Feature, StringComparer.Ordinal).Select(g => g.Last()))
            {
                if (!_vigilActive.TryGetValue(latest.Feature, out var known) || latest.ReleaseId == known)
                {
                    continue;
                }

                var active = await _store.GetActiveAsync(_project, latest.Feature, cancellationToken).ConfigureAwait(false);
                if (active is null || active.ReleaseId == known)
                {
                    continue;
                }

                _vigilActive[active.Feature] = active.ReleaseId;
                var release = Registry.ReleaseIds.TryParse(active.ReleaseId, out var number)
                    ? await _store.GetReleaseAsync(_project, active.Feature, number, cancellationToken).ConfigureAwait(false)
                    : null;
                if (release is not null && _mapping.FromVigil(release) is { } served)
                {
                    Serve(new Deploy(active.At, served, active.Reason));
                }
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>An operator's (or runbook's) switches for a feature; kept in memory.</summary>
    public void SetSwitches(string feature, double? throttlePerMinute, bool disabled, Route? failoverTo)
    {
        lock (_gate)
        {
            _controls[feature] = _controls[feature] with { ThrottlePerMinute = throttlePerMinute, Disabled = disabled, FailoverTo = failoverTo };
        }
    }

    public void Dispose() => _writeGate.Dispose();

    private async Task InitialiseAsync(IReadOnlyList<Release> initial, DateTimeOffset start, CancellationToken cancellationToken)
    {
        // The initial releases' versions mean what the simulator says; any other version Vigil already has is reserved, with no effect.
        foreach (var release in initial)
        {
            _mapping.ToVigil(release);
        }

        foreach (var release in initial)
        {
            var feature = release.Feature;
            foreach (var existing in await _store.ListReleasesAsync(_project, feature, cancellationToken).ConfigureAwait(false))
            {
                _mapping.Reserve(existing);
            }

            var active = await _store.GetActiveAsync(_project, feature, cancellationToken).ConfigureAwait(false);
            if (active is null)
            {
                await DeployAsync(new Deploy(start, release, "initial release"), cancellationToken).ConfigureAwait(false);
                continue;
            }

            var current = (Registry.ReleaseIds.TryParse(active.ReleaseId, out var number)
                ? await _store.GetReleaseAsync(_project, feature, number, cancellationToken).ConfigureAwait(false)
                : null) ?? throw new InvalidOperationException($"{feature}'s active release {active.ReleaseId} is missing from Vigil's release registry");
            var served = _mapping.FromVigil(current) ?? throw new InvalidOperationException(
                $"{feature}'s active release {active.ReleaseId} in Vigil routes to no model acme can call ({current.Routing}); activate another release of {feature}");
            _vigilActive[feature] = active.ReleaseId;
            Serve(new Deploy(active.At, served, active.Reason));
        }
    }

    /// <summary>Creates the deploy's release in Vigil and activates it, at the deploy's time (or now, when that is later). Under the write gate.</summary>
    private async Task DeployAsync(Deploy deploy, CancellationToken cancellationToken)
    {
        var feature = deploy.Release.Feature;
        var (spec, served) = _mapping.ToVigil(deploy.Release);
        var now = _time.GetUtcNow();
        _deployClock.Pin(deploy.At > now ? deploy.At : now);
        try
        {
            var created = await WithRetryAsync(
                feature, ct => _registry.CreateAsync(_project, spec, Actor, deploy.Reason, ct), cancellationToken).ConfigureAwait(false);
            await WithRetryAsync(
                feature, ct => _registry.ActivateAsync(_project, feature, created.Id, Actor, deploy.Reason, ct), cancellationToken).ConfigureAwait(false);
            _vigilActive[feature] = created.Id;
            Serve(deploy with { Release = served with { Id = created.Id } });
        }
        finally
        {
            _deployClock.Pin(null);
        }
    }

    /// <summary>Runs a registry change, again when another change to the feature came first; any other refusal is an error.</summary>
    private static async Task<T> WithRetryAsync<T>(string feature, Func<CancellationToken, Task<Outcome<T>>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await change(cancellationToken).ConfigureAwait(false);
            if (outcome.Error is null)
            {
                return outcome.Value!;
            }

            if (outcome.Error.Kind != RefusalKind.Conflict || attempt == Attempts)
            {
                throw new InvalidOperationException(
                    $"Vigil's release registry refused acme's deploy of {feature}: {string.Join("; ", outcome.Error.Messages)}");
            }
        }
    }

    private void Serve(Deploy deploy)
    {
        lock (_gate)
        {
            var feature = deploy.Release.Feature;
            _controls[feature] = _controls.TryGetValue(feature, out var controls) ? controls with { Release = deploy.Release } : new FeatureControls(deploy.Release);
            _deploys.Add(deploy);
        }
    }

    /// <summary>The simulated clock, held at a deploy's time while the registry records that deploy.</summary>
    private sealed class DeployClock(TimeProvider inner) : TimeProvider
    {
        private DateTimeOffset? _pinned;

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => _pinned ?? inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public void Pin(DateTimeOffset? at) => _pinned = at;
    }
}
