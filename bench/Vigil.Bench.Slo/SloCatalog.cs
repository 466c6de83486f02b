using System.Globalization;
using Vigil.Core.Slos;
using Vigil.Core.Spans;

namespace Vigil.Bench.Slo;

/// <summary>One feature of the synthetic application: its share of the traffic and the models it calls.</summary>
internal sealed record Feature(string Name, string Team, double Weight, string Provider, string Model, string FallbackProvider, string FallbackModel);

/// <summary>What one SLO of the catalogue is, for the breakdown of the evaluation cost.</summary>
internal static class SloShape
{
    public static string Of(SloDefinition slo)
    {
        var window = slo.Window.IsCalendarMonth ? "calendar month" : "rolling " + slo.Window.Duration.TotalDays.ToString("F0", CultureInfo.InvariantCulture) + " d";
        var method = slo.Method switch
        {
            BudgetingMethod.Occurrences => "Occurrences",
            BudgetingMethod.Timeslices => "Timeslices " + slo.SliceDuration.TotalMinutes.ToString("F0", CultureInfo.InvariantCulture) + " min",
            _ => "RatioTimeslices " + slo.SliceDuration.TotalMinutes.ToString("F0", CultureInfo.InvariantCulture) + " min",
        };
        return $"{method}, {window}";
    }
}

/// <summary>
/// The SLOs a team would set for an AI application of 10 features: ten per feature — end-to-end
/// availability (calendar month), end-to-end latency, generation latency (Timeslices), retrieval latency
/// (RatioTimeslices for half the features), cost per task, answer quality, hallucination checks, cache
/// hits, a ratio SLI on the primary model (rolling 28 days) and availability of the primary provider.
/// All use the default alert pairs. With more than 100 SLOs the features repeat with a numeric suffix.
/// </summary>
internal static class SloCatalog
{
    public static readonly IReadOnlyList<Feature> Features =
    [
        new("support-chat", "support", 0.20, "openai", "gpt-4o-mini", "anthropic", "claude-sonnet-4-5"),
        new("ticket-triage", "support", 0.15, "openai", "gpt-4o-mini", "openai", "gpt-4.1"),
        new("email-draft", "support", 0.12, "anthropic", "claude-sonnet-4-5", "openai", "gpt-4o-mini"),
        new("search-answers", "search", 0.10, "openai", "gpt-4.1", "openai", "gpt-4o-mini"),
        new("doc-summarize", "search", 0.10, "anthropic", "claude-sonnet-4-5", "openai", "gpt-4.1"),
        new("code-review", "platform", 0.08, "openai", "gpt-4.1", "anthropic", "claude-sonnet-4-5"),
        new("sql-assistant", "platform", 0.08, "openai", "gpt-4.1", "openai", "gpt-4o-mini"),
        new("onboarding-agent", "platform", 0.07, "openai", "gpt-4o-mini", "anthropic", "claude-sonnet-4-5"),
        new("invoice-extract", "finance", 0.05, "anthropic", "claude-sonnet-4-5", "openai", "gpt-4.1"),
        new("report-builder", "finance", 0.05, "openai", "gpt-4.1", "anthropic", "claude-sonnet-4-5"),
    ];

    /// <summary>How many SLO templates each feature gets.</summary>
    public const int PerFeature = 10;

    public static IReadOnlyList<SloDefinition> Build(int count)
    {
        var slos = new List<SloDefinition>(count);
        for (var i = 0; i < count; i++)
        {
            var featureIndex = i / PerFeature % Features.Count;
            var round = i / (PerFeature * Features.Count);
            var suffix = round == 0 ? string.Empty : "-" + round.ToString(CultureInfo.InvariantCulture);
            slos.Add(Template(i % PerFeature, Features[featureIndex], featureIndex, suffix));
        }

        return slos;
    }

    /// <summary>The feature of the SLO at <paramref name="index"/> in <see cref="Build"/>'s list.</summary>
    public static Feature FeatureOf(int index) => Features[index / PerFeature % Features.Count];

    private static SloDefinition Template(int template, Feature f, int featureIndex, string suffix)
    {
        var thirty = SloTimeWindow.Rolling(TimeSpan.FromDays(30));
        var name = f.Name + "-" + TemplateName(template) + suffix;
        return template switch
        {
            0 => Slo(name, Sli(SliKind.Availability, f.Name), 0.995, SloTimeWindow.CalendarMonth()),
            1 => Slo(name, Sli(SliKind.Latency, f.Name) with { LatencyThreshold = TimeSpan.FromSeconds(6) }, 0.99, thirty),
            2 => Slo(name, Sli(SliKind.Latency, f.Name, stage: Stages.Generation) with { LatencyThreshold = TimeSpan.FromSeconds(4) }, 0.99, thirty) with
            {
                Method = BudgetingMethod.Timeslices,
                SliceDuration = TimeSpan.FromMinutes(featureIndex % 2 == 0 ? 1 : 5),
                SliceTarget = 0.95,
            },
            3 => Slo(name, Sli(SliKind.Latency, f.Name, stage: Stages.Retrieval) with { LatencyThreshold = TimeSpan.FromMilliseconds(250) }, 0.99, thirty) with
            {
                Method = featureIndex < 5 ? BudgetingMethod.RatioTimeslices : BudgetingMethod.Occurrences,
                SliceDuration = TimeSpan.FromMinutes(featureIndex % 2 == 0 ? 1 : 10),
            },
            4 => Slo(name, Sli(SliKind.CostPerTask, f.Name) with { CostThreshold = 0.02m }, 0.99, thirty),
            5 => Slo(name, Sli(SliKind.Quality, f.Name) with { Evaluations = ["relevance"], ScoreThreshold = 0.7 }, 0.9, thirty),
            6 => Slo(name, Sli(SliKind.Hallucination, f.Name), 0.98, thirty),
            7 => Slo(name, Sli(SliKind.CacheHit, f.Name, stage: Stages.Generation), 0.2, thirty),
            8 => Slo(name, Sli(SliKind.Ratio, f.Name, model: f.Model) with
            {
                Good = new GoodSpanCondition { Ok = true, MaxDuration = TimeSpan.FromSeconds(5) },
            }, 0.98, SloTimeWindow.Rolling(TimeSpan.FromDays(28))),
            _ => Slo(name, Sli(SliKind.Availability, f.Name, provider: f.Provider, stage: Stages.Generation), 0.995, thirty),
        };
    }

    private static string TemplateName(int template) => template switch
    {
        0 => "availability",
        1 => "latency",
        2 => "generation-latency",
        3 => "retrieval-latency",
        4 => "cost-per-task",
        5 => "quality",
        6 => "hallucination",
        7 => "cache-hits",
        8 => "primary-model-ok",
        _ => "provider-availability",
    };

    private static SliDefinition Sli(SliKind kind, string feature, string? stage = null, string? provider = null, string? model = null) =>
        new() { Kind = kind, Scope = new SliScope { Feature = feature, Stage = stage, Provider = provider, Model = model } };

    private static SloDefinition Slo(string name, SliDefinition sli, double objective, SloTimeWindow window) =>
        new() { Name = name, Indicator = sli, Objective = objective, Window = window };
}
