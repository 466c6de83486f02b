using Vigil.Core.Projects;
using Vigil.Core.Slos;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration.Slos;

/// <summary>
/// vigil.yaml's <c>slos:</c> list → SLO definitions. Every problem is reported at its key
/// (<c>slos[2].indicator.threshold</c>), the SLO's own checks included.
/// </summary>
internal static class SloSectionConverter
{
    /// <param name="sourceName">The file's name, for errors that name an SLO defined here from another file.</param>
    public static IReadOnlyList<LocatedSlo> Convert(YamlSequenceNode slos, string sourceName, ErrorList errors)
    {
        var result = new List<LocatedSlo>();
        for (var i = 0; i < slos.Children.Count; i++)
        {
            var path = $"slos[{i}]";
            if (slos.Children[i] is not YamlMappingNode mapping)
            {
                errors.AddOnce(path, "expected a mapping with name, feature, indicator and objective");
                continue;
            }

            var before = errors.Count;
            var slo = One(new YamlMapReader(mapping, path, errors));
            if (errors.Count == before)
            {
                result.Add(new LocatedSlo(slo, $"{sourceName} {path}", $"{path}.name"));
            }
        }

        return result;
    }

    private static SloDefinition One(YamlMapReader slo)
    {
        var name = slo.Text("name");
        if (name is null)
        {
            slo.Errors.AddOnce(slo.At("name"), "required (lower-case letters, digits and '-', e.g. support-chat-latency)");
        }

        var feature = slo.Text("feature");
        var indicatorKeys = slo.Map("indicator");
        var indicator = indicatorKeys is null ? null : IndicatorSpecReader.Read(indicatorKeys, feature ?? "");
        if (indicatorKeys is null)
        {
            slo.Errors.AddOnce(slo.At("indicator"), $"required: {{ kind: ... }} with kind one of {SloValues.KindNames}");
        }

        var objective = Objective(slo, indicator?.PercentileObjective);
        var window = SloWindowReader.Read(slo);
        var method = Method(slo);
        var timeslice = slo.Map("timeslice");
        var sliceWindow = timeslice?.Duration("window");
        var sliceTarget = timeslice?.Number("target");
        timeslice?.RejectUnknown();
        if (timeslice is not null && method == BudgetingMethod.Occurrences)
        {
            slo.Errors.AddOnce(timeslice.Path, "only for budgeting: timeslices or ratio_timeslices");
        }
        else if (sliceTarget is not null && method == BudgetingMethod.RatioTimeslices)
        {
            slo.Errors.AddOnce(timeslice!.At("target"), "only for budgeting: timeslices (ratio_timeslices averages the slices' ratios)");
        }

        var definition = new SloDefinition
        {
            Name = name ?? "",
            Project = slo.Text("project") ?? ProjectIds.Default,
            DisplayName = slo.Text("displayName"),
            Description = slo.Text("description"),
            Indicator = indicator?.Sli ?? new SliDefinition { Kind = SliKind.Availability, Scope = new SliScope { Feature = feature ?? "" } },
            Objective = objective ?? 0.99,
            Window = window ?? SloTimeWindow.Rolling(SloWindowReader.DefaultDuration),
            Method = method ?? (timeslice is null ? BudgetingMethod.Occurrences : BudgetingMethod.RatioTimeslices), // a bad method: check only the slice length
            SliceDuration = sliceWindow ?? TimeSpan.FromMinutes(1),
            SliceTarget = sliceTarget,
            Alerting = SloAlertingReader.Read(slo.Map("alerting")),
        };
        slo.RejectUnknown();
        SloValues.Validate(definition, slo.Errors, field => field switch
        {
            "indicator.feature" => slo.At("feature"),
            "timeSliceWindow" => slo.At("timeslice.window"),
            "timeSliceTarget" => slo.At("timeslice.target"),
            _ => slo.At(field),
        });
        return definition;
    }

    private static double? Objective(YamlMapReader slo, double? percentile)
    {
        var at = slo.At("objective");
        var text = slo.Text("objective");
        if (text is null)
        {
            if (percentile is null)
            {
                slo.Errors.AddOnce(at, $"required, {SloValues.ObjectiveExample}");
            }

            return percentile;
        }

        var objective = SloValues.Objective(text);
        if (objective is null)
        {
            slo.Errors.AddOnce(at, $"'{text}' is not a ratio or a percentage ({SloValues.ObjectiveExample})");
        }
        else if (percentile is { } p && p != objective)
        {
            slo.Errors.AddOnce(slo.At("indicator.percentile"), $"means objective {p}, but objective is {objective}: give one of the two");
        }

        return objective;
    }

    /// <summary>The budgeting method; null when it is not one.</summary>
    private static BudgetingMethod? Method(YamlMapReader slo)
    {
        var text = slo.Text("budgeting");
        if (text is null)
        {
            return BudgetingMethod.Occurrences;
        }

        if (SloValues.Method(text) is { } method)
        {
            return method;
        }

        slo.Errors.AddOnce(slo.At("budgeting"), $"'{text}' is not one of occurrences, timeslices, ratio_timeslices");
        return null;
    }
}
