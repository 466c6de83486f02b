namespace Vigil.Simulator.Application;

/// <summary>What the application obeys for one feature: the active release and the operators' switches.</summary>
public sealed record FeatureControls(Release Release, double? ThrottlePerMinute = null, bool Disabled = false, Route? FailoverTo = null);

/// <summary>
/// Where the application reads its active releases, throttles and kill switches, and records its
/// deploys — Vigil's control state, as an application behind Vigil's gateway would. Vigil's actions
/// (rollback, failover, throttle) change the application's behaviour through it.
/// </summary>
public interface IControlPlane
{
    FeatureControls Controls(string feature);

    /// <summary>Makes <paramref name="deploy"/>'s release the feature's active one.</summary>
    void Activate(Deploy deploy);

    IReadOnlyList<Deploy> Deploys { get; }
}

/// <summary>
/// The control state kept in the simulator's own memory: releases (with the simulator's own ids,
/// <c>support-chat-r1</c>, …), deploys and switches. It is what the application uses when no Vigil
/// runs in its process (<c>vigil simulate --against URL</c>, the simulator's own tests and benchmarks);
/// with an in-process Vigil, <see cref="RegistryControlPlane"/> deploys through Vigil's release registry
/// instead. Nothing Vigil does changes it. Deterministic and thread-safe.
/// </summary>
public sealed class LocalControlPlane : IControlPlane
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FeatureControls> _controls;
    private readonly List<Deploy> _deploys = [];

    public LocalControlPlane(IEnumerable<Release> initial, DateTimeOffset start)
    {
        _controls = initial.ToDictionary(r => r.Feature, r => new FeatureControls(r), StringComparer.Ordinal);
        _deploys.AddRange(_controls.Values.Select(c => new Deploy(start, c.Release, "initial release")));
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

    public void Activate(Deploy deploy)
    {
        lock (_gate)
        {
            _controls[deploy.Release.Feature] = _controls[deploy.Release.Feature] with { Release = deploy.Release };
            _deploys.Add(deploy);
        }
    }

    /// <summary>An operator's (or runbook's) switches for a feature.</summary>
    public void SetSwitches(string feature, double? throttlePerMinute, bool disabled, Route? failoverTo)
    {
        lock (_gate)
        {
            _controls[feature] = _controls[feature] with { ThrottlePerMinute = throttlePerMinute, Disabled = disabled, FailoverTo = failoverTo };
        }
    }
}
