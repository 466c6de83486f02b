using Vigil.Core.Slos;

namespace Vigil.Server.Configuration.Slos;

/// <summary>
/// OpenSLO SLIs (documents and inline indicators) whose metric sources are of type <c>vigil</c>: a
/// <c>thresholdMetric</c>'s spec carries the SLI's keys (<see cref="IndicatorSpecReader"/>); a
/// <c>ratioMetric</c>'s total gives the scope and its good the good-event conditions.
/// </summary>
internal static class OpenSloIndicators
{
    public const string VigilType = "vigil";

    /// <summary>The SLI of an SLI document's root or an inline <c>indicator</c>; null when it has errors.</summary>
    public static IndicatorSpec? Read(YamlMapReader obj, bool inline)
    {
        var before = obj.Errors.Count;
        if (inline)
        {
            OpenSloHeader.CheckInline(obj, "SLI");
        }

        OpenSloMetadata.Read(obj, required: !inline);
        var spec = obj.Map("spec");
        obj.RejectUnknown();
        if (spec is null)
        {
            obj.Errors.AddOnce(obj.At("spec"), "required: { thresholdMetric: ... } or { ratioMetric: ... }");
            return null;
        }

        spec.Text("description");
        var threshold = spec.Map("thresholdMetric");
        var ratio = spec.Map("ratioMetric");
        spec.RejectUnknown();
        IndicatorSpec? result = null;
        Func<string, string> pathOf = spec.At;
        if (threshold is not null && ratio is not null)
        {
            spec.Errors.AddOnce(spec.Path, "give thresholdMetric or ratioMetric, not both");
        }
        else if (threshold is not null)
        {
            if (VigilSpec(threshold) is { } keys)
            {
                result = IndicatorSpecReader.Read(keys, feature: null);
                pathOf = keys.At;
            }
        }
        else if (ratio is not null)
        {
            (result, pathOf) = Ratio(ratio);
        }
        else
        {
            spec.Errors.AddOnce(spec.Path, "needs thresholdMetric or ratioMetric");
        }

        if (result is not null)
        {
            IndicatorSpecReader.Validate(result.Sli, obj.Errors, pathOf, thresholdElsewhere: true);
        }

        return obj.Errors.Count == before ? result : null;
    }

    private static (IndicatorSpec?, Func<string, string>) Ratio(YamlMapReader ratio)
    {
        ratio.Ignore("counter");
        foreach (var unsupported in (ReadOnlySpan<string>)["bad", "raw", "rawType"])
        {
            if (ratio.Node(unsupported) is not null)
            {
                ratio.Errors.AddOnce(ratio.At(unsupported), "not supported: give good and total, each with a metricSource of type vigil");
            }
        }

        var total = Part(ratio, "total");
        var good = Part(ratio, "good");
        ratio.RejectUnknown();
        if (total is null || good is null)
        {
            return (null, ratio.At);
        }

        var scope = IndicatorSpecReader.ReadScope(total, feature: null);
        total.RejectUnknown();
        var sli = new SliDefinition { Kind = SliKind.Ratio, Scope = scope, Good = IndicatorSpecReader.ReadGood(good) };
        return (new IndicatorSpec(sli, null, KindKnown: true), field => field == "good" ? good.Path : total.At(field));
    }

    private static YamlMapReader? Part(YamlMapReader ratio, string name)
    {
        var part = ratio.Map(name);
        if (part is null)
        {
            ratio.Errors.AddOnce(ratio.At(name), "required: { metricSource: { type: vigil, spec: ... } }");
        }

        return part is null ? null : VigilSpec(part);
    }

    /// <summary>The spec of a metric's <c>metricSource</c> when its type is vigil; any other type is an error.</summary>
    private static YamlMapReader? VigilSpec(YamlMapReader metric)
    {
        var source = metric.Map("metricSource");
        metric.RejectUnknown();
        if (source is null)
        {
            metric.Errors.AddOnce(metric.At("metricSource"), "required: { type: vigil, spec: { kind: ..., feature: ... } }");
            return null;
        }

        source.Ignore("metricSourceRef");
        var type = source.Text("type");
        if (type is null || !string.Equals(type, VigilType, StringComparison.OrdinalIgnoreCase))
        {
            source.Ignore("spec");
            source.RejectUnknown();
            metric.Errors.AddOnce(metric.Path, type is null
                ? "metricSource.type is required: Vigil computes SLIs from its own telemetry; use type: vigil"
                : $"metricSource.type '{type}' is not supported: Vigil computes SLIs from its own telemetry; use type: vigil");
            return null;
        }

        var spec = source.Map("spec");
        source.RejectUnknown();
        if (spec is null)
        {
            source.Errors.AddOnce(source.At("spec"), "required: the SLI's keys (kind, feature, threshold, ...)");
        }

        return spec;
    }
}
