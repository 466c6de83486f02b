using Vigil.Core.Slos;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration.Slos;

/// <summary>
/// OpenSLO alert policies and their burn-rate conditions → Vigil's multiwindow pairs: lookbackWindow
/// is the long window, threshold the burn rate, and Vigil's extension <c>shortWindow</c> the short
/// window (a twelfth of the long one when not given). <c>alertAfter</c> becomes the pending time.
/// </summary>
internal static class OpenSloAlerts
{
    private const string BurnRate = "burnrate";

    /// <summary>The alerting of an SLO's <c>spec.alertPolicies</c>; Vigil's defaults without any. Failed: a policy it names has errors.</summary>
    public static (SloAlerting Alerting, bool Failed) ForSlo(YamlMapReader spec, OpenSloCatalog catalog)
    {
        var items = spec.Items("alertPolicies");
        if (items is null || items.Count == 0)
        {
            return (new SloAlerting(), false);
        }

        var policies = new List<OpenSloAlertPolicy>();
        var failed = false;
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{spec.At("alertPolicies")}[{i}]";
            var policy = items[i] switch
            {
                YamlScalarNode { Value: { } name } => Resolve(catalog.Policies, "AlertPolicy", name, at, spec.Errors),
                YamlMappingNode reference when YamlMapReader.Peek(reference, "alertPolicyRef") is not null => Reference(reference, at, spec.Errors, "alertPolicyRef", "AlertPolicy", catalog.Policies),
                YamlMappingNode mapping => ReadPolicy(new YamlMapReader(mapping, at, spec.Errors), inline: true, catalog),
                _ => Invalid<OpenSloAlertPolicy>(at, spec.Errors, "expected a policy name, { alertPolicyRef: name } or an inline AlertPolicy"),
            };
            failed |= policy is null;
            if (policy is not null)
            {
                policies.Add(policy);
            }
        }

        var alerting = new SloAlerting
        {
            Pairs = [.. policies.SelectMany(p => p.Pairs)],
            PendingFor = policies.Count == 0 ? TimeSpan.Zero : policies.Max(p => p.AlertAfter),
        };
        return (alerting, failed);
    }

    /// <summary>An AlertPolicy document's root or an inline policy; null when it (or a condition it names) has errors.</summary>
    public static OpenSloAlertPolicy? ReadPolicy(YamlMapReader obj, bool inline, OpenSloCatalog catalog)
    {
        var before = obj.Errors.Count;
        if (inline)
        {
            OpenSloHeader.CheckInline(obj, "AlertPolicy");
        }

        OpenSloMetadata.Read(obj, required: !inline);
        var spec = obj.Map("spec");
        obj.RejectUnknown();
        var items = spec?.Items("conditions");
        spec?.Text("description");
        spec?.Ignore("alertWhenNoData", "alertWhenResolved", "alertWhenBreaching", "notificationTargets");
        spec?.RejectUnknown();
        if (spec is null || items is null || items.Count == 0)
        {
            obj.Errors.AddOnce(spec?.At("conditions") ?? obj.At("spec"), "required: at least one burn-rate condition");
            return null;
        }

        var conditions = new List<(AlertPairSpec Pair, TimeSpan AlertAfter)>();
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{spec.At("conditions")}[{i}]";
            var condition = items[i] switch
            {
                YamlMappingNode reference when YamlMapReader.Peek(reference, "conditionRef") is not null => Reference(reference, at, spec.Errors, "conditionRef", "AlertCondition", catalog.Conditions),
                YamlMappingNode mapping => ReadCondition(new YamlMapReader(mapping, at, spec.Errors), inline: true),
                _ => Invalid<(AlertPairSpec, TimeSpan)?>(at, spec.Errors, "expected { conditionRef: name } or an inline AlertCondition"),
            };
            if (condition is { } c)
            {
                conditions.Add(c);
            }
        }

        return obj.Errors.Count == before && conditions.Count == items.Count
            ? new OpenSloAlertPolicy([.. conditions.Select(c => c.Pair)], conditions.Max(c => c.AlertAfter))
            : null;
    }

    /// <summary>An AlertCondition document's root or an inline condition; null when it has errors.</summary>
    public static (AlertPairSpec Pair, TimeSpan AlertAfter)? ReadCondition(YamlMapReader obj, bool inline)
    {
        var before = obj.Errors.Count;
        if (inline)
        {
            OpenSloHeader.CheckInline(obj, "AlertCondition");
        }

        OpenSloMetadata.Read(obj, required: !inline);
        var spec = obj.Map("spec");
        obj.RejectUnknown();
        var severity = spec?.Text("severity");
        var condition = spec?.Map("condition");
        spec?.Text("description");
        spec?.RejectUnknown();
        if (spec is null || condition is null)
        {
            obj.Errors.AddOnce(spec?.At("condition") ?? obj.At("spec"), "required: { kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h }");
            return null;
        }

        if (severity is null)
        {
            spec.Errors.AddOnce(spec.At("severity"), "required: page or ticket");
        }

        var kind = condition.Text("kind");
        if (kind is null || !string.Equals(kind, BurnRate, StringComparison.OrdinalIgnoreCase))
        {
            condition.Errors.AddOnce(condition.At("kind"), kind is null ? "required: burnrate" : $"'{kind}' is not supported: Vigil alerts on burn rates (kind: burnrate)");
        }

        if (condition.Text("op") is { } op && op is not ("gte" or "gt"))
        {
            condition.Errors.AddOnce(condition.At("op"), $"'{op}' is not supported: a burn-rate condition fires when the burn rate reaches its threshold (op: gte)");
        }

        var threshold = condition.Number("threshold");
        var lookback = OpenSloTimeWindow.Duration(condition, "lookbackWindow");
        var alertAfter = OpenSloTimeWindow.Duration(condition, "alertAfter");
        var shortWindow = OpenSloTimeWindow.Duration(condition, "shortWindow");
        condition.RejectUnknown();
        Require(condition, "threshold", threshold is not null, "the burn rate, e.g. 14.4");
        Require(condition, "lookbackWindow", lookback is not null, "the long window, e.g. 1h");

        var pair = new AlertPairSpec(
            severity is null ? BurnWindowPair.Page : SloValues.Severity(severity) ?? severity,
            lookback?.Duration ?? TimeSpan.FromHours(1),
            shortWindow?.Duration,
            threshold ?? 1);
        foreach (var error in pair.Validate("@"))
        {
            var colon = error.IndexOf(": ", StringComparison.Ordinal);
            var path = error[..colon] switch
            {
                "@.severity" => spec.At("severity"),
                "@.longWindow" => condition.At("lookbackWindow"),
                "@.shortWindow" => condition.At("shortWindow"),
                "@.burnRate" => condition.At("threshold"),
                _ => condition.Path,
            };
            obj.Errors.AddOnce(path, error[(colon + 2)..]);
        }

        return obj.Errors.Count == before ? (pair, alertAfter?.Duration ?? TimeSpan.Zero) : null;
    }

    private static void Require(YamlMapReader keys, string key, bool present, string what)
    {
        if (!present)
        {
            keys.Errors.AddOnce(keys.At(key), $"required: {what}");
        }
    }

    private static T? Reference<T>(YamlMappingNode node, string at, ErrorList errors, string key, string kind, Dictionary<string, T?> named)
    {
        var reference = new YamlMapReader(node, at, errors);
        var name = reference.Text(key)!;
        reference.RejectUnknown();
        return Resolve(named, kind, name, reference.At(key), errors);
    }

    /// <summary>A named object; an error when there is none of that name, null without a new error when it failed to read.</summary>
    private static T? Resolve<T>(Dictionary<string, T?> named, string kind, string name, string at, ErrorList errors)
    {
        if (!named.TryGetValue(name, out var value))
        {
            errors.AddOnce(at, $"no {kind} named '{name}' in the loaded files");
        }

        return value;
    }

    private static T? Invalid<T>(string at, ErrorList errors, string message)
    {
        errors.AddOnce(at, message);
        return default;
    }
}
