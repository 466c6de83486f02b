using Vigil.Detectors.Cost;
using Vigil.Server.Configuration.Slos;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Detectors.Configuration;

/// <summary>One reader per detector: its windows and, flat beside them, every field of the detector's option record.</summary>
internal static partial class DetectorSectionReader
{
    private static CostDetectorSettings Cost(YamlMapReader reader)
    {
        var d = new CostDetectorSettings();
        var enabled = reader.Bool("enabled");
        var by = reader.Strings("by");
        var baseline = reader.Map("baseline") is { } map ? Baseline(map) : d.Baseline;
        reader.RejectUnknown();
        return d with { Enabled = enabled ?? d.Enabled, By = by ?? d.By, Baseline = baseline };
    }

    private static SeasonalBaselineOptions Baseline(YamlMapReader reader)
    {
        var d = new SeasonalBaselineOptions();
        var options = d with
        {
            Weeks = Int(reader, "weeks") ?? d.Weeks,
            MinimumWeeks = Int(reader, "minimumWeeks") ?? d.MinimumWeeks,
            MinimumDays = Int(reader, "minimumDays") ?? d.MinimumDays,
            MaximumDays = Int(reader, "maximumDays") ?? d.MaximumDays,
            MadScale = reader.Number("madScale") ?? d.MadScale,
            MinimumSpread = reader.Number("minimumSpread") ?? d.MinimumSpread,
            RelativeSpreadFloor = reader.Number("relativeSpreadFloor") ?? d.RelativeSpreadFloor,
            ZThreshold = reader.Number("zThreshold") ?? d.ZThreshold,
            MinimumChange = reader.Number("minimumChange") ?? d.MinimumChange,
        };
        reader.RejectUnknown();
        return options;
    }

    private static AgentLoopDetectorSettings AgentLoop(YamlMapReader reader)
    {
        var settings = Windowed(reader, new AgentLoopDetectorSettings());
        var o = settings.Options;
        settings = settings with
        {
            Features = reader.Strings("features") ?? settings.Features,
            Options = o with
            {
                MinimumTraces = Int(reader, "minimumTraces") ?? o.MinimumTraces,
                P95Ratio = reader.Number("p95Ratio") ?? o.P95Ratio,
                MinimumP95Increase = reader.Number("minimumP95Increase") ?? o.MinimumP95Increase,
                AboveP99Share = reader.Number("aboveP99Share") ?? o.AboveP99Share,
                ExampleCount = Int(reader, "exampleCount") ?? o.ExampleCount,
            },
        };
        reader.RejectUnknown();
        return settings;
    }

    private static PriceDetectorSettings Price(YamlMapReader reader)
    {
        var settings = Windowed(reader, new PriceDetectorSettings());
        var o = settings.Options;
        settings = settings with
        {
            Options = o with
            {
                RelativeChange = reader.Number("relativeChange") ?? o.RelativeChange,
                MinimumTokens = reader.Integer("minimumTokens") ?? o.MinimumTokens,
            },
        };
        reader.RejectUnknown();
        return settings;
    }

    private static VendorDetectorSettings Vendor(YamlMapReader reader)
    {
        var settings = Windowed(reader, new VendorDetectorSettings());
        var o = settings.Options;
        settings = settings with
        {
            QualityScores = reader.Strings("qualityScores") ?? settings.QualityScores,
            Options = o with
            {
                MinimumCalls = Int(reader, "minimumCalls") ?? o.MinimumCalls,
                ErrorSignificance = reader.Number("errorSignificance") ?? o.ErrorSignificance,
                MinimumErrorRise = reader.Number("minimumErrorRise") ?? o.MinimumErrorRise,
                LatencyRatio = reader.Number("latencyRatio") ?? o.LatencyRatio,
                TtftRatio = reader.Number("ttftRatio") ?? o.TtftRatio,
                QualityDrop = reader.Number("qualityDrop") ?? o.QualityDrop,
                MinimumQualityCount = Int(reader, "minimumQualityCount") ?? o.MinimumQualityCount,
            },
        };

        if (reader.Items("statuspages") is { } items)
        {
            var pages = new List<StatuspageSettings>();
            for (var i = 0; i < items.Count; i++)
            {
                var key = $"{reader.At("statuspages")}[{i}]";
                if (items[i] is YamlMappingNode mapping)
                {
                    if (Statuspage(new YamlMapReader(mapping, key, reader.Errors)) is { } page)
                    {
                        pages.Add(page);
                    }
                }
                else
                {
                    reader.Errors.Add(key, "expected a mapping with provider, url, components, interval and timeout");
                }
            }

            settings = settings with { Statuspages = pages };
        }

        reader.RejectUnknown();
        return settings;
    }

    private static StatuspageSettings? Statuspage(YamlMapReader reader)
    {
        var before = reader.Errors.Count;
        var provider = reader.Text("provider");
        if (provider is null)
        {
            reader.Errors.AddOnce(reader.At("provider"), "required: the provider the page speaks for, as spans name it (e.g. openai)");
        }

        Uri? url = null;
        switch (reader.Text("url"))
        {
            case null:
                reader.Errors.AddOnce(reader.At("url"), "required: the page's summary, e.g. https://status.openai.com/api/v2/summary.json");
                break;
            case var text when Uri.TryCreate(text, UriKind.Absolute, out var uri):
                url = uri;
                break;
            case var text:
                reader.Errors.AddOnce(reader.At("url"), $"'{text}' is not an absolute http(s) URL (e.g. https://status.openai.com/api/v2/summary.json)");
                break;
        }

        var components = reader.Strings("components");
        var interval = reader.Duration("interval");
        var timeout = reader.Duration("timeout");
        reader.RejectUnknown();
        if (reader.Errors.Count > before || provider is null || url is null)
        {
            return null;
        }

        var page = new StatuspageSettings { Provider = provider, Url = url };
        return page with
        {
            Components = components ?? page.Components,
            Interval = interval ?? page.Interval,
            Timeout = timeout ?? page.Timeout,
        };
    }

    private static MemoryDetectorSettings Memory(YamlMapReader reader)
    {
        var d = new MemoryDetectorSettings();
        var o = d.Options;
        var settings = d with
        {
            Enabled = reader.Bool("enabled") ?? d.Enabled,
            Step = reader.Duration("step") ?? d.Step,
            History = reader.Duration("history") ?? d.History,
            IndexAttribute = reader.Text("indexAttribute") ?? d.IndexAttribute,
            DocumentsMetric = reader.Text("documentsMetric") ?? d.DocumentsMetric,
            VectorsMetric = reader.Text("vectorsMetric") ?? d.VectorsMetric,
            SizeMetric = reader.Text("sizeMetric") ?? d.SizeMetric,
            EmbeddingsMetric = reader.Text("embeddingsMetric") ?? d.EmbeddingsMetric,
            Options = o with
            {
                CurrentWindow = reader.Duration("current") ?? o.CurrentWindow,
                GrowthRatio = reader.Number("growthRatio") ?? o.GrowthRatio,
                ReembedRatio = reader.Number("reembedRatio") ?? o.ReembedRatio,
                MinimumDocuments = reader.Integer("minimumDocuments") ?? o.MinimumDocuments,
                MinimumUnexplained = reader.Integer("minimumUnexplained") ?? o.MinimumUnexplained,
                MinimumSamples = Int(reader, "minimumSamples") ?? o.MinimumSamples,
                ProjectionDays = Int(reader, "projectionDays") ?? o.ProjectionDays,
                DollarsPerGbMonth = reader.Number("dollarsPerGbMonth") ?? o.DollarsPerGbMonth,
                MonthlyCostBudget = reader.Number("monthlyCostBudget") ?? o.MonthlyCostBudget,
            },
        };
        reader.RejectUnknown();
        return settings;
    }

    /// <param name="node">The mapping itself: <c>refusalScore: null</c> (or empty) turns the refusal comparison off, which an absent key does not.</param>
    private static ComplianceDetectorSettings Compliance(YamlMapReader reader, YamlMappingNode node)
    {
        var d = new ComplianceDetectorSettings();
        var o = d.Options;
        var refusal = reader.Text("refusalScore");
        var settings = d with
        {
            Enabled = reader.Bool("enabled") ?? d.Enabled,
            Features = reader.Strings("features") ?? d.Features,
            Period = reader.Duration("period") ?? d.Period,
            QualityScores = reader.Strings("qualityScores") ?? d.QualityScores,
            RefusalScore = !Has(node, "refusalScore") ? d.RefusalScore : string.IsNullOrEmpty(refusal) ? null : refusal,
            Options = o with
            {
                QualityGap = reader.Number("qualityGap") ?? o.QualityGap,
                RefusalRatio = reader.Number("refusalRatio") ?? o.RefusalRatio,
                RefusalMinimumDifference = reader.Number("refusalMinimumDifference") ?? o.RefusalMinimumDifference,
                LatencyRatio = reader.Number("latencyRatio") ?? o.LatencyRatio,
                MinimumSegmentCount = Int(reader, "minimumSegmentCount") ?? o.MinimumSegmentCount,
                TrendPeriods = Int(reader, "trendPeriods") ?? o.TrendPeriods,
                MinimumTrendPeriods = Int(reader, "minimumTrendPeriods") ?? o.MinimumTrendPeriods,
                TrendSignificance = reader.Number("trendSignificance") ?? o.TrendSignificance,
            },
        };
        reader.RejectUnknown();
        return settings;
    }

    private static AuditDetectorSettings Audit(YamlMapReader reader)
    {
        var settings = Windowed(reader, new AuditDetectorSettings());
        var o = settings.Options;
        settings = settings with
        {
            Required = reader.Strings("required") ?? settings.Required,
            Options = o with
            {
                MaxMissingShare = reader.Number("maxMissingShare") ?? o.MaxMissingShare,
                MinimumSpans = Int(reader, "minimumSpans") ?? o.MinimumSpans,
            },
        };
        reader.RejectUnknown();
        return settings;
    }
}
