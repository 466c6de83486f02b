namespace Vigil.Simulator.Scenarios;

// Part of ScenarioLoader: the file classes the YAML is read into.
public static partial class ScenarioLoader
{
#pragma warning disable CA1812 // instantiated by the YAML deserializer
    /// <summary>
    /// The shape of a scenario file as people write it: every value as text, checked in pass 2 so
    /// that a bad value is one problem among all of them rather than a deserializer exception.
    /// Pass 1 takes the keys from these properties, underscored (<c>RequestsPerMinute</c>: <c>requests_per_minute</c>).
    /// </summary>
    private sealed class ScenarioFile
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public string? Seed { get; set; }
        public string? Start { get; set; }
        public string? Duration { get; set; }
        public TrafficSection? Traffic { get; set; }

        /// <summary>kind, at, until and the kind's parameters: which keys are allowed depends on the kind.</summary>
        public List<Dictionary<string, string?>>? Faults { get; set; }

        public List<ExpectEntry>? Expect { get; set; }
    }

    /// <summary>The <c>traffic:</c> section.</summary>
    private sealed class TrafficSection
    {
        public string? RequestsPerMinute { get; set; }
    }

    /// <summary>One entry of <c>expect:</c>: an incident with its details, or <c>quiet: [from, to]</c>.</summary>
    private sealed class ExpectEntry
    {
        public string? Incident { get; set; }
        public string? Feature { get; set; }
        public string? Provider { get; set; }
        public string? Within { get; set; }
        public string? Axis { get; set; }
        public string? Mitigation { get; set; }
        public List<string?>? Quiet { get; set; }
    }
#pragma warning restore CA1812
}
