using System.Globalization;
using Vigil.Core.Slos;
using Vigil.Core.Spans;
using Vigil.Core.Text;

namespace Vigil.Server.Configuration.Slos;

/// <summary>An SLI read from its keys; <see cref="PercentileObjective"/> is what a cost-per-task percentile implies for the objective.</summary>
internal sealed record IndicatorSpec(SliDefinition Sli, double? PercentileObjective, bool KindKnown);

/// <summary>
/// Reads an SLI's keys — kind, the narrowing of its scope and the parameters of its kind — the same
/// way for vigil.yaml's <c>indicator</c> and for an OpenSLO <c>metricSource</c> of type vigil.
/// Parameters that do not belong to the kind are errors, not silently ignored.
/// </summary>
internal static class IndicatorSpecReader
{
    /// <param name="feature">The feature when the format gives it outside these keys; null to read a <c>feature</c> key here.</param>
    public static IndicatorSpec Read(YamlMapReader spec, string? feature)
    {
        var kind = ReadKind(spec);
        var scope = ReadScope(spec, feature);
        var sli = kind is { } k ? SloValues.AnSli(k) : null;

        TimeSpan? latency = null;
        decimal? cost = null;
        double? score = null;
        if (spec.Text("threshold") is { } threshold && kind is not null)
        {
            var at = spec.At("threshold");
            switch (kind)
            {
                case SliKind.Latency when Durations.TryParse(threshold, out var d):
                    latency = d;
                    break;
                case SliKind.Latency:
                    spec.Errors.AddOnce(at, $"'{threshold}' is not a duration (e.g. 2s, 500ms)");
                    break;
                case SliKind.CostPerTask:
                    cost = Parse<decimal>(threshold, at, "an amount in USD (e.g. 0.05)", spec.Errors);
                    break;
                case SliKind.Quality or SliKind.Hallucination:
                    score = Parse<double>(threshold, at, "a score (e.g. 0.7)", spec.Errors);
                    break;
                default:
                    spec.Errors.AddOnce(at, $"{sli} takes no threshold");
                    break;
            }
        }

        var evaluations = spec.Strings("evaluations");
        if (evaluations is not null && kind is not (null or SliKind.Quality or SliKind.Hallucination))
        {
            spec.Errors.AddOnce(spec.At("evaluations"), $"only quality and hallucination SLIs read evaluations, not {sli}");
        }

        var goodKeys = spec.Map("good");
        var good = goodKeys is null ? null : ReadGood(goodKeys);
        if (good is not null && kind is not (null or SliKind.Ratio))
        {
            spec.Errors.AddOnce(goodKeys!.Path, $"only ratio SLIs take good-event conditions, not {sli}");
        }

        var percentile = PercentileObjective(spec);
        if (percentile is not null && kind is not (null or SliKind.CostPerTask))
        {
            spec.Errors.AddOnce(spec.At("percentile"), $"only cost_per_task SLIs take a percentile, not {sli}");
        }

        spec.RejectUnknown();
        var definition = new SliDefinition
        {
            Kind = kind ?? SliKind.Availability,
            Scope = scope,
            LatencyThreshold = latency,
            CostThreshold = cost,
            ScoreThreshold = score,
            Evaluations = evaluations ?? [],
            Good = kind == SliKind.Ratio ? good : null,
        };
        return new IndicatorSpec(definition, percentile, kind is not null);
    }

    /// <summary>The feature and the optional narrowing: stage, team, segment, provider, model, operation, root.</summary>
    public static SliScope ReadScope(YamlMapReader spec, string? feature)
    {
        feature ??= spec.Text("feature");
        var stage = spec.Text("stage");
        if (stage is not null && !Stages.IsKnown(stage))
        {
            spec.Errors.AddOnce(spec.At("stage"), $"'{stage}' is not a stage (one of {string.Join(", ", Stages.All)})");
        }

        return new SliScope
        {
            Feature = feature ?? "",
            Stage = stage,
            Team = spec.Text("team"),
            Segment = spec.Text("segment"),
            Provider = spec.Text("provider"),
            Model = spec.Text("model"),
            Operation = spec.Text("operation"),
            RootOnly = spec.Bool("root") ?? false,
        };
    }

    /// <summary>A ratio SLI's good-event conditions: ok, maxDuration, maxCost, cacheHit.</summary>
    public static GoodSpanCondition ReadGood(YamlMapReader good)
    {
        var condition = new GoodSpanCondition
        {
            Ok = good.Bool("ok"),
            MaxDuration = good.Duration("maxDuration"),
            MaxCost = good.Decimal("maxCost"),
            CacheHit = good.Bool("cacheHit"),
        };
        good.RejectUnknown();
        return condition;
    }

    /// <summary>
    /// Reports the SLI's own checks at the keys of this format. <paramref name="thresholdElsewhere"/>:
    /// a missing threshold is not reported here because the format may still give it (OpenSLO's objective value).
    /// </summary>
    public static void Validate(SliDefinition sli, ErrorList errors, Func<string, string> pathOf, bool thresholdElsewhere)
    {
        if (thresholdElsewhere)
        {
            sli = sli.Kind switch
            {
                SliKind.Latency => sli with { LatencyThreshold = sli.LatencyThreshold ?? TimeSpan.FromSeconds(1) },
                SliKind.CostPerTask => sli with { CostThreshold = sli.CostThreshold ?? 1m },
                SliKind.Quality => sli with { ScoreThreshold = sli.ScoreThreshold ?? 0.5 },
                _ => sli,
            };
        }

        foreach (var error in sli.Validate())
        {
            var colon = error.IndexOf(": ", StringComparison.Ordinal);
            errors.AddOnce(pathOf(colon < 0 ? "" : error[..colon]), colon < 0 ? error : error[(colon + 2)..]);
        }
    }

    private static SliKind? ReadKind(YamlMapReader spec)
    {
        var text = spec.Text("kind");
        if (text is null)
        {
            spec.Errors.AddOnce(spec.At("kind"), $"required: one of {SloValues.KindNames}");
            return null;
        }

        var kind = SloValues.Kind(text);
        if (kind is null)
        {
            spec.Errors.AddOnce(spec.At("kind"), $"'{text}' is not one of {SloValues.KindNames}");
        }

        return kind;
    }

    /// <summary>The objective a percentile stands for: 99 (or p99) is 0.99.</summary>
    private static double? PercentileObjective(YamlMapReader spec)
    {
        if (spec.Text("percentile") is not { } text)
        {
            return null;
        }

        var number = text.StartsWith('p') || text.StartsWith('P') ? text[1..] : text;
        if (decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 100)
        {
            return (double)(p / 100);
        }

        spec.Errors.AddOnce(spec.At("percentile"), $"'{text}' is not a percentile between 0 and 100 (e.g. 99 or p99)");
        return null;
    }

    private static T? Parse<T>(string text, string path, string expected, ErrorList errors)
        where T : struct, IParsable<T>
    {
        if (T.TryParse(text, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.AddOnce(path, $"'{text}' is not {expected}");
        return null;
    }
}
