using Vigil.Detectors.Alerts;
using Vigil.Server.Configuration.Slos;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Detectors.Configuration;

/// <summary>
/// Reads vigil.yaml's <c>detectors:</c> mapping (camelCase keys, durations such as <c>30s</c>, <c>5m</c>, <c>1h</c>,
/// <c>7d</c>), reporting every problem at its full key (<c>detectors.vendor.statuspages[0].url: …</c>); unknown keys
/// are errors. Reading checks only types and shapes: ranges, windows and names are checked by <see cref="Validate"/>,
/// which settings built in code go through too. An absent key keeps the default of <see cref="DetectorSettings"/> and
/// of the detectors' option records.
/// </summary>
internal static partial class DetectorSectionReader
{
    public const string Root = "detectors";

    public static DetectorSettings Convert(YamlMappingNode? section, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var settings = new DetectorSettings();
        if (section is null)
        {
            return settings;
        }

        var list = new ErrorList();
        var reader = new YamlMapReader(section, Root, list);
        settings = settings with
        {
            Interval = reader.Duration("interval") ?? settings.Interval,
            Alerts = Alerts(reader, settings.Alerts),
            Cost = reader.Map("cost") is { } cost ? Cost(cost) : settings.Cost,
            AgentLoop = reader.Map("agentLoop") is { } agentLoop ? AgentLoop(agentLoop) : settings.AgentLoop,
            Price = reader.Map("price") is { } price ? Price(price) : settings.Price,
            Vendor = reader.Map("vendor") is { } vendor ? Vendor(vendor) : settings.Vendor,
            Memory = reader.Map("memory") is { } memory ? Memory(memory) : settings.Memory,
            Compliance = reader.Map("compliance") is { } compliance ? Compliance(compliance, YamlMapReader.PeekMap(section, "compliance")!) : settings.Compliance,
            Audit = reader.Map("audit") is { } audit ? Audit(audit) : settings.Audit,
            Drift = reader.Map("drift") is { } drift ? Drift(drift) : settings.Drift,
        };
        reader.RejectUnknown();
        errors.AddRange(list.Messages);
        return settings;
    }

    /// <summary><c>for</c>, <c>keepResolved</c> and <c>severity</c> (incident class → page|ticket, over the built-in paging classes).</summary>
    private static AlertRules Alerts(YamlMapReader reader, AlertRules defaults)
    {
        var hold = reader.Duration("for");
        var keep = reader.Duration("keepResolved");
        var severity = new Dictionary<string, string>(defaults.Severity, StringComparer.Ordinal);
        switch (reader.Node("severity"))
        {
            case null:
                break;
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? key.ToString();
                    if (value is YamlScalarNode scalar && !YamlMapReader.IsNull(scalar))
                    {
                        severity[name] = scalar.Value ?? "";
                    }
                    else
                    {
                        reader.Errors.AddOnce($"{reader.At("severity")}.{name}", "expected page or ticket");
                    }
                }

                break;
            default:
                reader.Errors.AddOnce(reader.At("severity"), "expected a mapping of incident class to page or ticket (e.g. cost_spike: page)");
                break;
        }

        return defaults with { For = hold ?? defaults.For, KeepResolved = keep ?? defaults.KeepResolved, Severity = severity };
    }

    /// <summary><c>enabled</c>, <c>current</c> and <c>reference</c> of the detectors that compare two windows.</summary>
    private static T Windowed<T>(YamlMapReader reader, T defaults)
        where T : WindowedDetectorSettings
    {
        WindowedDetectorSettings windowed = defaults;
        return (T)(windowed with
        {
            Enabled = reader.Bool("enabled") ?? defaults.Enabled,
            Current = reader.Duration("current") ?? defaults.Current,
            Reference = reader.Duration("reference") ?? defaults.Reference,
        });
    }

    /// <summary>A whole number that fits an <see cref="int"/>.</summary>
    private static int? Int(YamlMapReader reader, string key)
    {
        var value = reader.Integer(key);
        if (value is > int.MaxValue or < int.MinValue)
        {
            reader.Errors.AddOnce(reader.At(key), "too large");
            return null;
        }

        return (int?)value;
    }

    /// <summary>Whether the mapping has the key at all (also when its value is written as null).</summary>
    private static bool Has(YamlMappingNode mapping, string key) =>
        mapping.Children.Keys.Any(k => k is YamlScalarNode { Value: { } name } && string.Equals(name, key, StringComparison.Ordinal));
}
