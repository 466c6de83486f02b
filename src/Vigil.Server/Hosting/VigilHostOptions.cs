using Vigil.Core.Ports;

namespace Vigil.Server.Hosting;

/// <summary>What a host is built with besides its settings: the clock, logging, and test seams.</summary>
public sealed record VigilHostOptions
{
    public static readonly VigilHostOptions Default = new();

    /// <summary>The clock of every timer and timestamp (a fake one in simulations and tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>Wraps the telemetry store, e.g. to inject faults; null keeps the engine's store.</summary>
    public Func<ITelemetryStore, ITelemetryStore>? DecorateTelemetryStore { get; init; }

    /// <summary>
    /// When true, detectors and online evaluation do not run on their own timers: the caller (a game day stepping
    /// simulated minutes) calls <see cref="Detectors.DetectorEngine.EvaluateAsync"/> and
    /// <see cref="Evaluation.OnlineEvaluator.RunOnceAsync"/> at the instants it chooses, so runs are repeatable.
    /// </summary>
    public bool EvaluationsDrivenByCaller { get; init; }
}
