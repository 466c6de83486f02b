using Vigil.Core.Slos;
using Vigil.Core.Text;
using static System.FormattableString;

namespace Vigil.Server.Detectors.Configuration;

/// <summary>The ranges, windows and names of <see cref="DetectorSettings"/>, each problem at its key.</summary>
internal static partial class DetectorSectionReader
{
    private static readonly string[] CostDimensions = ["feature", "team", "model"];

    /// <summary>Every problem of the settings (read from vigil.yaml or built in code), each naming its key.</summary>
    public static IReadOnlyList<string> Validate(DetectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var p = new Problems(Root, []);
        p.AtLeast("interval", settings.Interval, TimeSpan.FromSeconds(1));
        p.AtLeast("for", settings.Alerts.For, TimeSpan.Zero);
        p.AtLeast("keepResolved", settings.Alerts.KeepResolved, TimeSpan.Zero);
        foreach (var (name, severity) in settings.Alerts.Severity)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                p.Add("severity", "an incident class must have a name");
            }
            else if (severity is not (BurnWindowPair.Page or BurnWindowPair.Ticket))
            {
                p.Add($"severity.{name}", $"'{severity}' is not page or ticket");
            }
        }

        Cost(p.In("cost"), settings.Cost);
        AgentLoop(p.In("agentLoop"), settings.AgentLoop);
        Price(p.In("price"), settings.Price);
        Vendor(p.In("vendor"), settings.Vendor);
        Memory(p.In("memory"), settings.Memory);
        Compliance(p.In("compliance"), settings.Compliance);
        Audit(p.In("audit"), settings.Audit);
        Drift(p.In("drift"), settings.Drift);
        return p.Errors;
    }

    private static void Cost(Problems p, CostDetectorSettings cost)
    {
        p.Names("by", cost.By);
        foreach (var dimension in cost.By.Where(d => !string.IsNullOrWhiteSpace(d) && !CostDimensions.Contains(d, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
        {
            p.Add("by", $"'{dimension}' is not one of feature, team, model");
        }

        if (cost.Enabled && cost.By.Count == 0)
        {
            p.Add("by", "name at least one of feature, team, model (or set enabled: false)");
        }

        var b = cost.Baseline;
        var q = p.In("baseline");
        q.AtLeast("weeks", b.Weeks, 1);
        q.AtLeast("minimumWeeks", b.MinimumWeeks, 1);
        if (b.MinimumWeeks > b.Weeks && b.Weeks >= 1)
        {
            q.Add("minimumWeeks", Invariant($"must be at most weeks ({b.Weeks}), got {b.MinimumWeeks}"));
        }

        q.AtLeast("minimumDays", b.MinimumDays, 1);
        if (b.MaximumDays < b.MinimumDays)
        {
            q.Add("maximumDays", Invariant($"must be at least minimumDays ({b.MinimumDays}), got {b.MaximumDays}"));
        }

        q.Positive("madScale", b.MadScale);
        q.NonNegative("minimumSpread", b.MinimumSpread);
        q.Share("relativeSpreadFloor", b.RelativeSpreadFloor);
        q.Positive("zThreshold", b.ZThreshold);
        q.NonNegative("minimumChange", b.MinimumChange);
    }

    private static void AgentLoop(Problems p, AgentLoopDetectorSettings agentLoop)
    {
        Windows(p, agentLoop);
        p.Names("features", agentLoop.Features);
        var o = agentLoop.Options;
        p.AtLeast("minimumTraces", o.MinimumTraces, 1);
        p.Ratio("p95Ratio", o.P95Ratio);
        p.NonNegative("minimumP95Increase", o.MinimumP95Increase);
        p.Share("aboveP99Share", o.AboveP99Share);
        p.AtLeast("exampleCount", o.ExampleCount, 0);
    }

    private static void Price(Problems p, PriceDetectorSettings price)
    {
        Windows(p, price);
        p.Positive("relativeChange", price.Options.RelativeChange);
        p.AtLeast("minimumTokens", price.Options.MinimumTokens, 1);
    }

    private static void Vendor(Problems p, VendorDetectorSettings vendor)
    {
        Windows(p, vendor);
        p.Names("qualityScores", vendor.QualityScores);
        var o = vendor.Options;
        p.AtLeast("minimumCalls", o.MinimumCalls, 1);
        p.Probability("errorSignificance", o.ErrorSignificance);
        p.Share("minimumErrorRise", o.MinimumErrorRise);
        p.Ratio("latencyRatio", o.LatencyRatio);
        p.Ratio("ttftRatio", o.TtftRatio);
        p.Positive("qualityDrop", o.QualityDrop);
        p.AtLeast("minimumQualityCount", o.MinimumQualityCount, 1);

        var providers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < vendor.Statuspages.Count; i++)
        {
            var page = vendor.Statuspages[i];
            var q = p.In($"statuspages[{i}]");
            if (string.IsNullOrWhiteSpace(page.Provider))
            {
                q.Add("provider", "required");
            }
            else if (!providers.Add(page.Provider))
            {
                q.Add("provider", $"'{page.Provider}' has two status pages (one per provider; list its components on one page)");
            }

            if (page.Url is null || !page.Url.IsAbsoluteUri || page.Url.Scheme is not ("http" or "https"))
            {
                q.Add("url", $"'{page.Url}' is not an absolute http(s) URL (e.g. https://status.openai.com/api/v2/summary.json)");
            }

            q.Names("components", page.Components);
            q.AtLeast("interval", page.Interval, TimeSpan.FromSeconds(1));
            q.Positive("timeout", page.Timeout);
        }
    }

    private static void Memory(Problems p, MemoryDetectorSettings memory)
    {
        p.WholeMinutes("step", memory.Step);
        p.Positive("history", memory.History);
        var historyValid = memory.History >= memory.Step * 2;
        if (memory.History > TimeSpan.Zero && !historyValid)
        {
            p.Add("history", $"must cover at least two steps ({Durations.Format(memory.Step * 2)}), got {Durations.Format(memory.History)}");
        }

        foreach (var (key, value) in new[]
                 {
                     ("indexAttribute", memory.IndexAttribute), ("documentsMetric", memory.DocumentsMetric), ("vectorsMetric", memory.VectorsMetric),
                     ("sizeMetric", memory.SizeMetric), ("embeddingsMetric", memory.EmbeddingsMetric),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                p.Add(key, "must not be empty");
            }
        }

        var o = memory.Options;
        p.Positive("current", o.CurrentWindow);
        if (o.CurrentWindow > TimeSpan.Zero && o.CurrentWindow < memory.Step)
        {
            p.Add("current", $"must be at least one step ({Durations.Format(memory.Step)}), got {Durations.Format(o.CurrentWindow)}");
        }
        else if (o.CurrentWindow >= memory.History && historyValid && memory.History > TimeSpan.Zero)
        {
            p.Add("current", $"must be shorter than history ({Durations.Format(memory.History)}): the baseline is the history before it, got {Durations.Format(o.CurrentWindow)}");
        }

        p.Ratio("growthRatio", o.GrowthRatio);
        p.Ratio("reembedRatio", o.ReembedRatio);
        p.AtLeast("minimumDocuments", o.MinimumDocuments, 1);
        p.AtLeast("minimumUnexplained", o.MinimumUnexplained, 1);
        p.AtLeast("minimumSamples", o.MinimumSamples, 2);
        p.AtLeast("projectionDays", o.ProjectionDays, 1);
        p.NonNegative("dollarsPerGbMonth", o.DollarsPerGbMonth);
        if (o.MonthlyCostBudget is { } budget)
        {
            p.Positive("monthlyCostBudget", budget);
            if (o.DollarsPerGbMonth <= 0 && double.IsFinite(budget) && budget > 0)
            {
                p.Add("monthlyCostBudget", "needs dollarsPerGbMonth (the storage price) to be set above 0");
            }
        }
    }

    private static void Compliance(Problems p, ComplianceDetectorSettings compliance)
    {
        p.Names("features", compliance.Features);
        p.WholeMinutes("period", compliance.Period);
        p.Names("qualityScores", compliance.QualityScores);
        if (compliance.RefusalScore is { } refusal && string.IsNullOrWhiteSpace(refusal))
        {
            p.Add("refusalScore", "must name an evaluation (or be null to compare no refusals)");
        }

        var o = compliance.Options;
        p.Positive("qualityGap", o.QualityGap);
        p.Ratio("refusalRatio", o.RefusalRatio);
        p.Share("refusalMinimumDifference", o.RefusalMinimumDifference);
        p.Ratio("latencyRatio", o.LatencyRatio);
        p.AtLeast("minimumSegmentCount", o.MinimumSegmentCount, 1);
        p.AtLeast("trendPeriods", o.TrendPeriods, 3);
        p.AtLeast("minimumTrendPeriods", o.MinimumTrendPeriods, 3);
        if (o.MinimumTrendPeriods > o.TrendPeriods && o.TrendPeriods >= 3)
        {
            p.Add("minimumTrendPeriods", Invariant($"must be at most trendPeriods ({o.TrendPeriods}), got {o.MinimumTrendPeriods}"));
        }

        p.Probability("trendSignificance", o.TrendSignificance);
    }

    private static void Audit(Problems p, AuditDetectorSettings audit)
    {
        Windows(p, audit);
        p.Names("required", audit.Required);
        p.Share("maxMissingShare", audit.Options.MaxMissingShare);
        p.AtLeast("minimumSpans", audit.Options.MinimumSpans, 1);
    }

    private static void Windows(Problems p, WindowedDetectorSettings settings)
    {
        p.Positive("current", settings.Current);
        if (settings.Current > TimeSpan.Zero && settings.Reference < settings.Current)
        {
            p.Add("reference", $"must be at least current ({Durations.Format(settings.Current)}), got {Durations.Format(settings.Reference)}");
        }
    }
}
