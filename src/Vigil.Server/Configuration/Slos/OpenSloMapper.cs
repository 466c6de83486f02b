using System.Globalization;
using Vigil.Core.Projects;
using Vigil.Core.Slos;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration.Slos;

/// <summary>An OpenSLO v1 SLO document → an SLO definition, its indicator and alert policies resolved by name across every loaded file.</summary>
internal static class OpenSloMapper
{
    private const string Objective0 = "spec.objectives[0]";

    /// <summary>The SLO of a document; null when it, or an SLI or policy it names, has errors.</summary>
    public static LocatedSlo? Map(OpenSloDocument document, OpenSloCatalog catalog)
    {
        var root = document.Root;
        var errors = document.Errors;
        var before = errors.Count;
        var metadata = OpenSloMetadata.Read(root, required: true);
        var spec = root.Map("spec");
        root.RejectUnknown();
        if (spec is null)
        {
            errors.AddOnce("spec", "required");
            return null;
        }

        var description = spec.Text("description");
        spec.Ignore("service");
        var indicator = Indicator(spec, catalog);
        var window = OpenSloTimeWindow.Read(spec);
        var method = Method(spec);
        var objective = ReadObjective(spec, method, indicator);
        var (alerting, alertsFailed) = OpenSloAlerts.ForSlo(spec, catalog);
        spec.RejectUnknown();

        var definition = new SloDefinition
        {
            Name = metadata.Name ?? "",
            Project = metadata.Project ?? ProjectIds.Default,
            DisplayName = metadata.DisplayName,
            Description = description,
            Indicator = objective?.Sli ?? indicator?.Sli ?? new SliDefinition { Kind = SliKind.Availability, Scope = new SliScope { Feature = "-" } },
            Objective = objective?.Target ?? 0.99,
            Window = window ?? SloTimeWindow.Rolling(TimeSpan.FromDays(30)),
            Method = method ?? (objective?.SliceWindow is null ? BudgetingMethod.Occurrences : BudgetingMethod.RatioTimeslices), // a bad method: check only the slice length
            SliceDuration = objective?.SliceWindow ?? TimeSpan.FromMinutes(1),
            SliceTarget = objective?.SliceTarget,
            Alerting = alerting,
        };

        // The objective, the indicator and the alert conditions were checked where they are written.
        SloValues.Validate(definition, errors, field => field switch
        {
            "name" => "metadata.name",
            "project" => $"metadata.labels.{OpenSloMetadata.ProjectLabel}",
            "timeSliceWindow" or "timeSliceTarget" => $"{Objective0}.{field}",
            _ => null,
        });

        return errors.Count == before && indicator is not null && !alertsFailed
            ? new LocatedSlo(definition, document.Place, $"{document.Place} (SLO {definition.Name}): metadata.name")
            : null;
    }

    private static IndicatorSpec? Indicator(YamlMapReader spec, OpenSloCatalog catalog)
    {
        var inline = spec.Map("indicator");
        var reference = spec.Text("indicatorRef");
        if (inline is not null && reference is not null)
        {
            spec.Errors.AddOnce(spec.At("indicatorRef"), "give indicatorRef or an inline indicator, not both");
            return null;
        }

        if (inline is not null)
        {
            return OpenSloIndicators.Read(inline, inline: true);
        }

        if (reference is null)
        {
            spec.Errors.AddOnce(spec.At("indicatorRef"), "required: the name of an SLI, or an inline indicator");
            return null;
        }

        if (!catalog.Slis.TryGetValue(reference, out var sli))
        {
            spec.Errors.AddOnce(spec.At("indicatorRef"), $"no SLI named '{reference}' in the loaded files");
        }

        return sli;
    }

    /// <summary>The budgeting method (default Occurrences); null when it is not one.</summary>
    private static BudgetingMethod? Method(YamlMapReader spec)
    {
        var text = spec.Text("budgetingMethod");
        if (text is null)
        {
            return BudgetingMethod.Occurrences;
        }

        if (SloValues.Method(text) is { } method)
        {
            return method;
        }

        spec.Errors.AddOnce(spec.At("budgetingMethod"), $"'{text}' is not one of Occurrences, Timeslices, RatioTimeslices");
        return null;
    }

    private sealed record ObjectiveValues(double? Target, SliDefinition? Sli, double? SliceTarget, TimeSpan? SliceWindow);

    private static ObjectiveValues? ReadObjective(YamlMapReader spec, BudgetingMethod? method, IndicatorSpec? indicator)
    {
        var items = spec.Items("objectives");
        if (items is null || items.Count == 0)
        {
            spec.Errors.AddOnce(spec.At("objectives"), "required: one objective, e.g. - target: 0.99");
            return null;
        }

        if (items.Count > 1)
        {
            spec.Errors.AddOnce(spec.At("objectives"), $"{items.Count} objectives: Vigil supports exactly one per SLO; split them into several SLOs");
            return null;
        }

        if (items[0] is not YamlMappingNode mapping)
        {
            spec.Errors.AddOnce(Objective0, "expected a mapping (target, op, value, ...)");
            return null;
        }

        var o = new YamlMapReader(mapping, Objective0, spec.Errors);
        o.Text("displayName");
        var target = Target(o, indicator);
        var sliceTarget = o.Number("timeSliceTarget");
        var sliceWindow = OpenSloTimeWindow.Duration(o, "timeSliceWindow")?.Duration;
        var sli = Threshold(o, indicator);
        foreach (var composite in (ReadOnlySpan<string>)["indicator", "indicatorRef", "compositeWeight"])
        {
            if (o.Node(composite) is not null)
            {
                o.Errors.AddOnce(o.At(composite), "composite SLOs are not supported: define one SLO per indicator");
            }
        }

        o.RejectUnknown();
        if (method == BudgetingMethod.Occurrences && (sliceTarget is not null || sliceWindow is not null))
        {
            o.Errors.AddOnce(o.At(sliceTarget is null ? "timeSliceWindow" : "timeSliceTarget"), "only for budgetingMethod Timeslices or RatioTimeslices");
        }
        else if (method == BudgetingMethod.RatioTimeslices && sliceTarget is not null)
        {
            o.Errors.AddOnce(o.At("timeSliceTarget"), "only for budgetingMethod Timeslices (RatioTimeslices averages the slices' ratios)");
        }

        return new ObjectiveValues(target, sli, sliceTarget, sliceWindow);
    }

    private static double? Target(YamlMapReader o, IndicatorSpec? indicator)
    {
        var target = o.Number("target");
        var percent = o.Decimal("targetPercent");
        if (target is not null && percent is not null)
        {
            o.Errors.AddOnce(o.At("targetPercent"), "give target or targetPercent, not both");
            return null;
        }

        if (target is { } t)
        {
            return t is > 0 and < 1 ? t : Invalid(o, "target", "must be between 0 and 1 (exclusive), e.g. 0.999");
        }

        if (percent is { } p)
        {
            return p is > 0 and < 100 ? (double)(p / 100) : Invalid(o, "targetPercent", "must be between 0 and 100 (exclusive), e.g. 99.9");
        }

        return indicator?.PercentileObjective ?? Invalid(o, "target", "required (or targetPercent), e.g. 0.999");
    }

    private static double? Invalid(YamlMapReader o, string key, string message)
    {
        o.Errors.AddOnce(o.At(key), message);
        return null;
    }

    /// <summary>The SLI with the threshold of the objective's <c>op</c> and <c>value</c>; every threshold must be given somewhere.</summary>
    private static SliDefinition? Threshold(YamlMapReader o, IndicatorSpec? indicator)
    {
        var op = o.Text("op");
        var value = o.Text("value");
        if (indicator is null)
        {
            return null;
        }

        var sli = indicator.Sli;
        var kind = SloValues.AnSli(sli.Kind);
        var (expectedOp, unit) = sli.Kind switch
        {
            SliKind.Latency => ("lte", "milliseconds"),
            SliKind.CostPerTask => ("lte", "USD"),
            SliKind.Quality or SliKind.Hallucination => ("gte", "the passing score"),
            _ => (null, null),
        };
        var given = sli.LatencyThreshold is not null || sli.CostThreshold is not null || sli.ScoreThreshold is not null;
        if (op is not null || value is not null)
        {
            if (expectedOp is null)
            {
                o.Errors.AddOnce(o.At(op is null ? "value" : "op"), $"op and value give the threshold of latency, cost_per_task, quality and hallucination SLIs; {kind} has none");
            }
            else if (op != expectedOp || value is null)
            {
                o.Errors.AddOnce(o.At(op != expectedOp ? "op" : "value"), $"{kind}'s threshold is op: {expectedOp} with value in {unit}");
            }
            else if (given)
            {
                o.Errors.AddOnce(o.At("value"), "the SLI's metricSource spec already sets threshold: give it in one place");
            }
            else if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || (number <= 0 && expectedOp == "lte"))
            {
                o.Errors.AddOnce(o.At("value"), $"'{value}' is not a {(expectedOp == "lte" ? "positive " : "")}number ({unit})");
            }
            else
            {
                return sli.Kind switch
                {
                    SliKind.Latency => sli with { LatencyThreshold = TimeSpan.FromMilliseconds((double)number) },
                    SliKind.CostPerTask => sli with { CostThreshold = number },
                    _ => sli with { ScoreThreshold = (double)number },
                };
            }

            return null;
        }

        if (!given && sli.Kind is SliKind.Latency or SliKind.CostPerTask or SliKind.Quality)
        {
            o.Errors.AddOnce(o.Path, $"{kind} needs a threshold: give op: {expectedOp} and value ({unit}) here, or threshold in its metricSource spec");
            return null;
        }

        return sli;
    }
}
