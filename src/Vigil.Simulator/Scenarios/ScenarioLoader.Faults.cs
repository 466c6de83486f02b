using System.Globalization;
using Vigil.Core.Text;
using Vigil.Simulator.Application;

namespace Vigil.Simulator.Scenarios;

// Part of ScenarioLoader: the checks of faults and their parameters, and how a parameter's
// expected value is described in problems.
public static partial class ScenarioLoader
{
    private static readonly string[] FaultKeys = ["kind", "at", "until"];

    /// <summary>The indexes the simulated application retrieves from, and the features that do.</summary>
    private static ILookup<string, string> IndexFeatures { get; } =
        InitialReleases.All.Where(r => r.Index is not null).ToLookup(r => r.Index!.Name, r => r.Feature, StringComparer.Ordinal);

    /// <summary>
    /// Pass 2 for <c>faults:</c>: each fault's kind, times and parameters, the value of each parameter against
    /// its type, and combinations the simulated application cannot carry out.
    /// </summary>
    private sealed partial class Reader
    {
        private FaultSpec? Fault(Dictionary<string, string?> entry, string path, TimeSpan? duration)
        {
            var before = _problems.Count;
            FaultKind? kind = null;
            var kindName = entry.GetValueOrDefault("kind")?.Trim();
            if (string.IsNullOrEmpty(kindName))
            {
                if (!_dropped.Contains($"{path}.kind"))
                {
                    Problem($"{path}.kind", $"required: one of {string.Join(", ", FaultKinds.All.Select(k => k.Name))}");
                }
            }
            else if ((kind = FaultKinds.Find(kindName)) is null)
            {
                Problem($"{path}.kind", $"unknown fault kind '{kindName}'; the kinds are {string.Join(", ", FaultKinds.All.Select(k => k.Name))}");
            }

            TimeSpan? at = null;
            if (entry.GetValueOrDefault("at") is { } atText)
            {
                at = Duration(atText, $"{path}.at");
            }
            else if (!_dropped.Contains($"{path}.at"))
            {
                Problem($"{path}.at", "required: when the fault starts, from the scenario's start (e.g. 26h)");
            }

            if (at is { } a && duration is { } d && a >= d)
            {
                Problem($"{path}.at", $"{Durations.Format(a)} is not before the end of the scenario ({Durations.Format(d)})");
            }

            TimeSpan? until = null;
            if (entry.GetValueOrDefault("until") is { } untilText && Duration(untilText, $"{path}.until") is { } u)
            {
                until = u;
                if (at is { } start && u <= start)
                {
                    Problem($"{path}.until", $"{Durations.Format(u)} must be after at ({Durations.Format(start)})");
                }
                else if (duration is { } end && u > end)
                {
                    Problem($"{path}.until", $"{Durations.Format(u)} is after the end of the scenario ({Durations.Format(end)})");
                }
            }

            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            if (kind is not null)
            {
                foreach (var (key, raw) in entry.Where(e => !FaultKeys.Contains(e.Key)))
                {
                    var parameter = kind.Parameters.FirstOrDefault(p => p.Name == key);
                    if (parameter is null)
                    {
                        Problem($"{path}.{key}", $"'{key}' is not a parameter of {kind.Name}; its parameters are {string.Join(", ", kind.Parameters.Select(p => p.Name))} (and at, until)");
                    }
                    else if (Parameter(parameter, raw, $"{path}.{key}") is { } value)
                    {
                        parameters[key] = value;
                    }
                }

                foreach (var missing in kind.Parameters.Where(p => p.Required && !entry.ContainsKey(p.Name) && !_dropped.Contains($"{path}.{p.Name}")))
                {
                    Problem($"{path}.{missing.Name}", $"required by {kind.Name}: {Expected(missing)}");
                }

                CrossCheck(kind, parameters, path);
            }

            return _problems.Count == before && kind is not null ? new FaultSpec(kind.Name, at!.Value, until, parameters) : null;
        }

        /// <summary>The value as stored in <see cref="FaultSpec.Parameters"/> (numbers in invariant culture), or null after reporting the problem.</summary>
        private string? Parameter(FaultParameter parameter, string? raw, string path)
        {
            var text = raw?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                Problem(path, $"needs a value: {Expected(parameter)}");
                return null;
            }

            if (_listValues.Contains(path) && parameter.Type != ParameterType.Text)
            {
                Problem(path, $"takes one value, not a list: {Expected(parameter)}");
                return null;
            }

            switch (parameter.Type)
            {
                case ParameterType.Number:
                    if (!TryNumber(text, out var number))
                    {
                        Problem(path, $"'{text}' is not a number");
                        return null;
                    }

                    if (number < parameter.Min || number > parameter.Max)
                    {
                        Problem(path, $"{text} is out of range: {Range(parameter)}");
                        return null;
                    }

                    return number.ToString(CultureInfo.InvariantCulture);
                case ParameterType.Duration:
                    return Duration(text, path) is { } span ? Durations.Format(span) : null;
                case ParameterType.Text:
                    return text;
                default:
                    var names = Names(parameter.Type);
                    if (names.Contains(text, StringComparer.Ordinal))
                    {
                        return text;
                    }

                    Problem(path, $"unknown {Noun(parameter.Type)} '{text}'; the {Plural(parameter.Type)} are {string.Join(", ", names)}");
                    return null;
            }
        }

        /// <summary>Combinations the simulated application cannot carry out (a fault that would silently do nothing).</summary>
        private void CrossCheck(FaultKind kind, Dictionary<string, string> parameters, string path)
        {
            var feature = parameters.GetValueOrDefault("feature");
            switch (kind.Name)
            {
                case "vendor_reprice" when parameters.GetValueOrDefault("model") is { } model && parameters.GetValueOrDefault("provider") is { } provider
                                           && Catalog.Model(model).Provider != provider:
                    Problem($"{path}.model", $"'{model}' is served by {Catalog.Model(model).Provider}, not {provider}");
                    break;
                case "input_shift" when parameters.ContainsKey("pool") && parameters.ContainsKey("mix"):
                    Problem($"{path}.mix", "give pool or mix, not both");
                    break;
                case "agent_loop" when feature is not null && Catalog.Feature(feature).Kind != FeatureKind.Agent:
                    Problem($"{path}.feature", $"'{feature}' runs no agent loop; agent_loop needs one of {string.Join(", ", Catalog.Features.Where(f => f.Kind == FeatureKind.Agent).Select(f => f.Name))}");
                    break;
                case "index_regression" when feature is not null && !IndexFeatures.Any(g => g.Contains(feature)):
                    Problem($"{path}.feature", $"'{feature}' retrieves from no index; index_regression needs one of {string.Join(", ", IndexFeatures.SelectMany(g => g).Distinct())}");
                    break;
            }
        }
    }

    private static IReadOnlyList<string> Names(ParameterType type) => type switch
    {
        ParameterType.Feature => [.. Catalog.Features.Select(f => f.Name)],
        ParameterType.Provider => Catalog.Providers,
        ParameterType.Model => [.. Catalog.Models.Select(m => m.Name)],
        ParameterType.Index => [.. IndexFeatures.Select(g => g.Key)],
        ParameterType.Segment => Catalog.Segments,
        _ => [],
    };

    private static string Noun(ParameterType type) => type.ToString().ToLowerInvariant();

    private static string Plural(ParameterType type) => type == ParameterType.Index ? "indexes" : Noun(type) + "s";

    private static string Expected(FaultParameter parameter) => parameter.Type switch
    {
        ParameterType.Number => $"a number, {Range(parameter)}",
        ParameterType.Duration => "a duration (e.g. 30m)",
        ParameterType.Text => "text",
        var type => $"one of {string.Join(", ", Names(type))}",
    };

    private static string Range(FaultParameter parameter) =>
        (parameter.Min == double.MinValue, parameter.Max == double.MaxValue) switch
        {
            (true, true) => "any number",
            (true, false) => $"at most {Format(parameter.Max)}",
            (false, true) => $"at least {Format(parameter.Min)}",
            _ => $"between {Format(parameter.Min)} and {Format(parameter.Max)}",
        };

    private static string Format(double number) => number.ToString(CultureInfo.InvariantCulture);
}
