using Vigil.Core.Text;
using Vigil.Simulator.Application;

namespace Vigil.Simulator.Scenarios;

// Part of ScenarioLoader: the checks of expectations.
public static partial class ScenarioLoader
{
    private static readonly TimeSpan DefaultWithin = TimeSpan.FromHours(1);

    /// <summary>
    /// Pass 2 for <c>expect:</c>: an incident (class, feature or provider, within, axis, mitigation) or a quiet
    /// interval, and for an incident the start of the first fault it is about.
    /// </summary>
    private sealed partial class Reader
    {
        private Expectation? Expect(ExpectEntry entry, string path, TimeSpan? duration, List<FaultSpec> faults)
        {
            var before = _problems.Count;
            if (entry.Quiet is { } quiet)
            {
                foreach (var (key, value) in new[] { ("incident", entry.Incident), ("feature", entry.Feature), ("provider", entry.Provider), ("within", entry.Within), ("axis", entry.Axis), ("mitigation", entry.Mitigation) })
                {
                    if (value is not null)
                    {
                        Problem($"{path}.{key}", "does not go with quiet: a quiet expectation is only quiet: [from, to]");
                    }
                }

                if (quiet.Count != 2)
                {
                    Problem($"{path}.quiet", $"needs two durations, [from, to], not {quiet.Count}");
                    return null;
                }

                var from = Duration(quiet[0], $"{path}.quiet[0]");
                var to = Duration(quiet[1], $"{path}.quiet[1]");
                if (from is { } f && to is { } t)
                {
                    if (t <= f)
                    {
                        Problem($"{path}.quiet", $"the interval ends ({Durations.Format(t)}) before it starts ({Durations.Format(f)})");
                    }
                    else if (duration is { } end && t > end)
                    {
                        Problem($"{path}.quiet[1]", $"{Durations.Format(t)} is after the end of the scenario ({Durations.Format(end)})");
                    }
                }

                return _problems.Count == before ? new QuietExpectation(from!.Value, to!.Value) : null;
            }

            if (entry.Incident is not { } incident)
            {
                if (!_dropped.Contains($"{path}.incident") && !_dropped.Contains($"{path}.quiet"))
                {
                    Problem(path, "needs incident (a class, with feature or provider) or quiet ([from, to])");
                }

                return null;
            }

            incident = incident.Trim();
            if (!ScenarioVocabulary.IncidentClasses.Contains(incident, StringComparer.Ordinal))
            {
                Problem($"{path}.incident", $"unknown incident class '{incident}'; the classes are {string.Join(", ", ScenarioVocabulary.IncidentClasses)}");
            }

            var feature = entry.Feature?.Trim();
            var provider = entry.Provider?.Trim();
            if (feature is null && provider is null)
            {
                if (!_dropped.Contains($"{path}.feature") && !_dropped.Contains($"{path}.provider"))
                {
                    Problem(path, "needs feature or provider: what the incident is about");
                }
            }
            else if (feature is not null && provider is not null)
            {
                Problem($"{path}.provider", "give feature or provider, not both");
            }
            else if (feature is not null && !Catalog.IsFeature(feature))
            {
                Problem($"{path}.feature", $"unknown feature '{feature}'; the features are {string.Join(", ", Names(ParameterType.Feature))}");
            }
            else if (provider is not null && !Catalog.IsProvider(provider))
            {
                Problem($"{path}.provider", $"unknown provider '{provider}'; the providers are {string.Join(", ", Names(ParameterType.Provider))}");
            }

            var within = DefaultWithin;
            if (entry.Within is { } withinText && Duration(withinText, $"{path}.within") is { } w)
            {
                within = w;
                if (w <= TimeSpan.Zero)
                {
                    Problem($"{path}.within", "must be positive");
                }
            }

            var axis = entry.Axis?.Trim();
            if (axis is "" or ScenarioVocabulary.AxisNotJudged)
            {
                axis = null;
            }
            else if (axis is not null && !ScenarioVocabulary.Axes.Contains(axis, StringComparer.Ordinal))
            {
                Problem($"{path}.axis", $"unknown axis '{axis}'; the axes are {string.Join(", ", ScenarioVocabulary.Axes)}, or {ScenarioVocabulary.AxisNotJudged} (not judged)");
            }

            var mitigation = entry.Mitigation?.Trim();
            if (mitigation is not null && !ScenarioVocabulary.Mitigations.Contains(mitigation, StringComparer.Ordinal))
            {
                Problem($"{path}.mitigation", $"unknown mitigation '{mitigation}'; the mitigations are {string.Join(", ", ScenarioVocabulary.Mitigations)}");
            }

            if (_problems.Count > before)
            {
                return null;
            }

            var after = faults.Where(f => Targets(f, feature, provider)).Select(f => (TimeSpan?)f.At).Min() ?? TimeSpan.Zero;
            return new IncidentExpectation(incident, feature, provider, within, axis, mitigation, after);
        }

        /// <summary>Whether an expectation about <paramref name="feature"/> or <paramref name="provider"/> refers to the fault: its target, or for an index the features that retrieve from it.</summary>
        private static bool Targets(FaultSpec fault, string? feature, string? provider) =>
            FaultKinds.Find(fault.Kind)?.Target switch
            {
                "feature" => feature is not null && fault.Text("feature") == feature,
                "provider" => provider is not null && fault.Text("provider") == provider,
                "index" => feature is not null && fault.Text("index") is { } index && IndexFeatures[index].Contains(feature),
                _ => false,
            };
    }
}
