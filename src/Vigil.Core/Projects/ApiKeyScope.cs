namespace Vigil.Core.Projects;

/// <summary>What an API key may do. <see cref="Admin"/> implies all others.</summary>
[Flags]
public enum ApiKeyScope
{
    None = 0,

    /// <summary>Send telemetry (OTLP).</summary>
    Ingest = 1,

    /// <summary>Query traces, stats, costs, SLOs, incidents.</summary>
    Read = 2,

    /// <summary>Act: acknowledge, roll back, throttle.</summary>
    Operate = 4,

    /// <summary>Manage keys, prices and configuration.</summary>
    Admin = 8,
}
