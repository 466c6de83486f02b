using Vigil.Core.Slos;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration.Slos;

/// <summary>
/// vigil.yaml's <c>alerting</c>: minimumEvents, for, budgetExhausted (true, false or { severity })
/// and pairs. Absent keys keep Vigil's defaults; absent pairs are the four default pairs of the period.
/// </summary>
internal static class SloAlertingReader
{
    public static SloAlerting Read(YamlMapReader? alerting)
    {
        var defaults = new SloAlerting();
        if (alerting is null)
        {
            return defaults;
        }

        var minimumEvents = alerting.Integer("minimumEvents");
        var pendingFor = alerting.Duration("for");
        var (exhausted, severity) = BudgetExhausted(alerting, defaults);
        var pairs = alerting.Items("pairs") is { } items ? Pairs(items, alerting) : null;
        alerting.RejectUnknown();
        return new SloAlerting
        {
            Pairs = pairs,
            MinimumEvents = minimumEvents ?? defaults.MinimumEvents,
            PendingFor = pendingFor ?? defaults.PendingFor,
            BudgetExhausted = exhausted,
            BudgetExhaustedSeverity = severity,
        };
    }

    private static (bool Enabled, string Severity) BudgetExhausted(YamlMapReader alerting, SloAlerting defaults)
    {
        var at = alerting.At("budgetExhausted");
        switch (alerting.Node("budgetExhausted"))
        {
            case null:
                return (defaults.BudgetExhausted, defaults.BudgetExhaustedSeverity);
            case YamlScalarNode { Value: { } text } when YamlMapReader.ParseBool(text) is { } enabled:
                return (enabled, defaults.BudgetExhaustedSeverity);
            case YamlMappingNode mapping:
                var keys = new YamlMapReader(mapping, at, alerting.Errors);
                var severity = keys.Text("severity");
                keys.RejectUnknown();
                return (true, severity is null ? defaults.BudgetExhaustedSeverity : SloValues.Severity(severity) ?? severity);
            default:
                alerting.Errors.AddOnce(at, "expected true, false or { severity: page }");
                return (defaults.BudgetExhausted, defaults.BudgetExhaustedSeverity);
        }
    }

    private static List<AlertPairSpec> Pairs(IReadOnlyList<YamlNode> items, YamlMapReader alerting)
    {
        var pairs = new List<AlertPairSpec>();
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{alerting.At("pairs")}[{i}]";
            if (items[i] is not YamlMappingNode mapping)
            {
                alerting.Errors.AddOnce(at, "expected { severity, longWindow, shortWindow, burnRate or budgetShare }");
                pairs.Add(new AlertPairSpec(BurnWindowPair.Page, TimeSpan.FromHours(1), BurnRate: 1)); // keeps the indices of later pairs
                continue;
            }

            var pair = new YamlMapReader(mapping, at, alerting.Errors);
            var severity = pair.Text("severity");
            var longWindow = pair.Duration("longWindow");
            var spec = new AlertPairSpec(
                severity is null ? BurnWindowPair.Page : SloValues.Severity(severity) ?? severity,
                longWindow ?? TimeSpan.FromHours(1),
                pair.Duration("shortWindow"),
                pair.Number("burnRate"),
                pair.Number("budgetShare"));
            if (severity is null)
            {
                pair.Errors.AddOnce(pair.At("severity"), "required: page or ticket");
            }

            if (longWindow is null)
            {
                pair.Errors.AddOnce(pair.At("longWindow"), "required (e.g. 1h)");
            }

            pair.RejectUnknown();
            pairs.Add(spec);
        }

        return pairs;
    }
}
