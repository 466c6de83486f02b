using Vigil.Detectors.Alerts;
using Vigil.Detectors.Compliance;
using Vigil.Detectors.Cost;
using Vigil.Detectors.Drift;
using Vigil.Detectors.Memory;
using Vigil.Detectors.Vendors;
using Vigil.Server.Configuration;
using Vigil.Server.Detectors;
using Vigil.Server.Detectors.Configuration;

namespace Vigil.Server.Tests.Configuration;

/// <summary>vigil.yaml's <c>detectors:</c> section: every key read, defaults kept, every problem named at its key.</summary>
public sealed class DetectorConfigTests
{
    private const string FullExample = """
        detectors:
          interval: 2m
          for: 15m
          keepResolved: 2d
          severity:
            cost_spike: page
            vendor_degradation: ticket
          cost:
            enabled: true
            by: [feature, model]
            baseline:
              weeks: 6
              minimumWeeks: 2
              minimumDays: 5
              maximumDays: 10
              madScale: 1.5
              minimumSpread: 0.5
              relativeSpreadFloor: 0.1
              zThreshold: 5
              minimumChange: 2.5
          agentLoop:
            current: 30m
            reference: 12h
            features: [research-agent]
            minimumTraces: 40
            p95Ratio: 2
            minimumP95Increase: 3
            aboveP99Share: 0.1
            exampleCount: 3
          price:
            enabled: false
            current: 2h
            reference: 2d
            relativeChange: 0.1
            minimumTokens: 50000
          vendor:
            current: 15m
            reference: 6h
            qualityScores: [groundedness, citation_accuracy]
            minimumCalls: 200
            latencyRatio: 2
            ttftRatio: 1.8
            errorSignificance: 0.001
            minimumErrorRise: 0.05
            qualityDrop: 0.2
            minimumQualityCount: 50
            statuspages:
              - provider: openai
                url: https://status.openai.com/api/v2/summary.json
                components: [Chat Completions, Embeddings]
                interval: 2m
                timeout: 5s
              - provider: anthropic
                url: https://status.anthropic.com/api/v2/summary.json
          memory:
            step: 30m
            history: 14d
            indexAttribute: index.name
            documentsMetric: docs
            vectorsMetric: vectors
            sizeMetric: bytes
            embeddingsMetric: embeds
            current: 2d
            growthRatio: 1.8
            reembedRatio: 3
            minimumDocuments: 500
            minimumUnexplained: 2000
            minimumSamples: 4
            projectionDays: 60
            dollarsPerGbMonth: 0.25
            monthlyCostBudget: 100
          compliance:
            features: [support-chat]
            period: 6h
            qualityScores: [groundedness]
            refusalScore: refused
            qualityGap: 0.05
            refusalRatio: 2
            refusalMinimumDifference: 0.02
            latencyRatio: 1.3
            minimumSegmentCount: 80
            trendPeriods: 10
            minimumTrendPeriods: 6
            trendSignificance: 0.01
          audit:
            current: 6h
            reference: 7d
            required: [user.id, vigil.release]
            maxMissingShare: 0.02
            minimumSpans: 50
          drift:
            current: 1d
            reference: 7d
            features: [support-chat, search]
            sample: 500
            text: false
            driftShare: 0.3
            test: psi
            threshold: 0.2
            minimumSampleSize: 40
            maxTextSample: 200
            maxTextLength: 500
            permutations: 200
            seed: 7
            columns:
              model: { test: chi2, threshold: 0.01, kind: categorical }
              output_tokens: { test: ks }
        """;

    private static DetectorSettings Parse(string yaml) => VigilConfigLoader.Parse(yaml, "vigil.yaml").Detectors;

    private static IReadOnlyList<string> Errors(string yaml) =>
        Assert.Throws<ConfigurationException>(() => VigilConfigLoader.Parse(yaml, "vigil.yaml")).Errors;

    [Fact]
    public void FullExample_ParsesEveryKey()
    {
        var d = Parse(FullExample);

        Assert.Equal(TimeSpan.FromMinutes(2), d.Interval);
        Assert.Equal(TimeSpan.FromMinutes(15), d.Alerts.For);
        Assert.Equal(TimeSpan.FromDays(2), d.Alerts.KeepResolved);
        Assert.Equal("page", d.Alerts.SeverityOf("cost_spike"));
        Assert.Equal("ticket", d.Alerts.SeverityOf("vendor_degradation"));
        Assert.Equal("page", d.Alerts.SeverityOf("vendor_outage"));

        Assert.True(d.Cost.Enabled);
        Assert.Equal(["feature", "model"], d.Cost.By);
        Assert.Equal(new SeasonalBaselineOptions
        {
            Weeks = 6, MinimumWeeks = 2, MinimumDays = 5, MaximumDays = 10, MadScale = 1.5, MinimumSpread = 0.5,
            RelativeSpreadFloor = 0.1, ZThreshold = 5, MinimumChange = 2.5,
        }, d.Cost.Baseline);

        Assert.Equal((true, TimeSpan.FromMinutes(30), TimeSpan.FromHours(12)), (d.AgentLoop.Enabled, d.AgentLoop.Current, d.AgentLoop.Reference));
        Assert.Equal(["research-agent"], d.AgentLoop.Features);
        Assert.Equal(new AgentLoopOptions { MinimumTraces = 40, P95Ratio = 2, MinimumP95Increase = 3, AboveP99Share = 0.1, ExampleCount = 3 }, d.AgentLoop.Options);

        Assert.Equal((false, TimeSpan.FromHours(2), TimeSpan.FromDays(2)), (d.Price.Enabled, d.Price.Current, d.Price.Reference));
        Assert.Equal(new PriceChangeOptions { RelativeChange = 0.1, MinimumTokens = 50_000 }, d.Price.Options);

        Assert.Equal((TimeSpan.FromMinutes(15), TimeSpan.FromHours(6)), (d.Vendor.Current, d.Vendor.Reference));
        Assert.Equal(["groundedness", "citation_accuracy"], d.Vendor.QualityScores);
        Assert.Equal(new VendorDegradationOptions
        {
            MinimumCalls = 200, LatencyRatio = 2, TtftRatio = 1.8, ErrorSignificance = 0.001, MinimumErrorRise = 0.05, QualityDrop = 0.2, MinimumQualityCount = 50,
        }, d.Vendor.Options);
        Assert.Equal(2, d.Vendor.Statuspages.Count);
        var openai = d.Vendor.Statuspages[0];
        Assert.Equal(("openai", new Uri("https://status.openai.com/api/v2/summary.json")), (openai.Provider, openai.Url));
        Assert.Equal(["Chat Completions", "Embeddings"], openai.Components);
        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(5)), (openai.Interval, openai.Timeout));
        var anthropic = d.Vendor.Statuspages[1];
        Assert.Empty(anthropic.Components);
        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)), (anthropic.Interval, anthropic.Timeout));

        var m = d.Memory;
        Assert.Equal((TimeSpan.FromMinutes(30), TimeSpan.FromDays(14)), (m.Step, m.History));
        Assert.Equal(("index.name", "docs", "vectors", "bytes", "embeds"), (m.IndexAttribute, m.DocumentsMetric, m.VectorsMetric, m.SizeMetric, m.EmbeddingsMetric));
        Assert.Equal(new MemoryBloatOptions
        {
            CurrentWindow = TimeSpan.FromDays(2), GrowthRatio = 1.8, ReembedRatio = 3, MinimumDocuments = 500, MinimumUnexplained = 2000,
            MinimumSamples = 4, ProjectionDays = 60, DollarsPerGbMonth = 0.25, MonthlyCostBudget = 100,
        }, m.Options);

        var c = d.Compliance;
        Assert.Equal(["support-chat"], c.Features);
        Assert.Equal(TimeSpan.FromHours(6), c.Period);
        Assert.Equal(["groundedness"], c.QualityScores);
        Assert.Equal("refused", c.RefusalScore);
        Assert.Equal(new SegmentDisparityOptions
        {
            QualityGap = 0.05, RefusalRatio = 2, RefusalMinimumDifference = 0.02, LatencyRatio = 1.3, MinimumSegmentCount = 80,
            TrendPeriods = 10, MinimumTrendPeriods = 6, TrendSignificance = 0.01,
        }, c.Options);

        Assert.Equal((TimeSpan.FromHours(6), TimeSpan.FromDays(7)), (d.Audit.Current, d.Audit.Reference));
        Assert.Equal(["user.id", "vigil.release"], d.Audit.Required);
        Assert.Equal(new AuditGapOptions { MaxMissingShare = 0.02, MinimumSpans = 50 }, d.Audit.Options);

        var drift = d.Drift;
        Assert.Equal((TimeSpan.FromDays(1), TimeSpan.FromDays(7)), (drift.Current, drift.Reference));
        Assert.Equal(["support-chat", "search"], drift.Features);
        Assert.Equal((500, false), (drift.Sample, drift.Text));
        var o = drift.Options;
        Assert.Equal((0.3, 40, 200, 500, 200, 7), (o.DriftShare, o.MinimumSampleSize, o.MaxTextSample, o.MaxTextLength, o.Permutations, o.Seed));
        Assert.Equal(new ColumnDriftOptions { Test = DriftTest.Psi, Threshold = 0.2 }, o.Defaults);
        Assert.Equal(new ColumnDriftOptions { Test = DriftTest.ChiSquared, Threshold = 0.01, Kind = ColumnKind.Categorical }, o.PerColumn["model"]);
        Assert.Equal(new ColumnDriftOptions { Test = DriftTest.Ks }, o.PerColumn["output_tokens"]);
        Assert.Equal(DriftTest.Ks, o.For("output_tokens").Test);
        Assert.Equal(DriftTest.Psi, o.For("input_tokens").Test);
    }

    [Theory]
    [InlineData("")]
    [InlineData("detectors: {}\n")]
    public void Absent_KeepsEveryDefault(string yaml)
    {
        var d = Parse(yaml);
        var defaults = new DetectorSettings();

        Assert.Equal(TimeSpan.FromMinutes(5), d.Interval);
        Assert.Equal((defaults.Alerts.For, defaults.Alerts.KeepResolved), (d.Alerts.For, d.Alerts.KeepResolved));
        Assert.Empty(d.Alerts.Severity);
        Assert.Equal(["feature", "team", "model"], d.Cost.By);
        Assert.Equal(new SeasonalBaselineOptions(), d.Cost.Baseline);
        Assert.Equal(new AgentLoopOptions(), d.AgentLoop.Options);
        Assert.Equal(new PriceChangeOptions(), d.Price.Options);
        Assert.Equal(new VendorDegradationOptions(), d.Vendor.Options);
        Assert.Equal((TimeSpan.FromMinutes(30), TimeSpan.FromHours(24)), (d.Vendor.Current, d.Vendor.Reference));
        Assert.Empty(d.Vendor.Statuspages);
        Assert.Equal(new MemoryBloatOptions(), d.Memory.Options);
        Assert.Equal(new SegmentDisparityOptions(), d.Compliance.Options);
        Assert.Equal("refusal", d.Compliance.RefusalScore);
        Assert.Equal(new AuditGapOptions(), d.Audit.Options);
        Assert.Equal((200, true, false, 0.5), (d.Drift.Sample, d.Drift.Text, d.Drift.OutputText, d.Drift.Options.DriftShare));
        Assert.Equal(new ColumnDriftOptions(), d.Drift.Options.Defaults);
        Assert.Equal(0.01, Assert.Single(d.Drift.Options.PerColumn, c => c.Key == "input").Value.Threshold);
        Assert.DoesNotContain(false, new[] { d.Cost.Enabled, d.AgentLoop.Enabled, d.Price.Enabled, d.Vendor.Enabled, d.Memory.Enabled, d.Compliance.Enabled, d.Audit.Enabled, d.Drift.Enabled });
    }

    [Fact]
    public void SomeKeys_KeepTheDefaultsOfTheOthers()
    {
        var d = Parse("""
            detectors:
              vendor:
                latencyRatio: 3
              drift:
                enabled: false
            """);

        Assert.Equal(new VendorDegradationOptions { LatencyRatio = 3 }, d.Vendor.Options);
        Assert.Equal(TimeSpan.FromMinutes(30), d.Vendor.Current);
        Assert.False(d.Drift.Enabled);
        Assert.Equal(TimeSpan.FromHours(1), d.Drift.Current);
    }

    [Theory]
    [InlineData("refusalScore: null")]
    [InlineData("refusalScore: ~")]
    [InlineData("refusalScore: ''")]
    public void RefusalScore_Null_TurnsTheRefusalComparisonOff(string line)
    {
        Assert.Null(Parse($"detectors:\n  compliance:\n    {line}\n").Compliance.RefusalScore);
    }

    [Fact]
    public void ByAndComponents_AcceptASingleName()
    {
        var d = Parse("""
            detectors:
              cost: { by: team }
              vendor:
                statuspages:
                  - { provider: openai, url: "https://status.openai.com/api/v2/summary.json", components: Embeddings }
            """);

        Assert.Equal(["team"], d.Cost.By);
        Assert.Equal(["Embeddings"], d.Vendor.Statuspages[0].Components);
    }

    [Theory]
    // unknown keys, at every depth
    [InlineData("intervall: 5m", "detectors.intervall: unknown key (expected one of: interval, for")]
    [InlineData("vendor: { latencyRatoi: 2 }", "detectors.vendor.latencyRatoi: unknown key")]
    [InlineData("cost: { baseline: { zScore: 3 } }", "detectors.cost.baseline.zScore: unknown key")]
    [InlineData("vendor: { statuspages: [{ provider: a, url: 'https://a.test/api/v2/summary.json', urls: x }] }", "detectors.vendor.statuspages[0].urls: unknown key")]
    [InlineData("drift: { columns: { model: { tests: ks } } }", "detectors.drift.columns.model.tests: unknown key")]
    // wrong types and shapes
    [InlineData("interval: soon", "detectors.interval: 'soon' is not a duration (e.g. 30s, 5m, 1h, 7d)")]
    [InlineData("cost: true", "detectors.cost: expected a mapping")]
    [InlineData("cost: { enabled: maybe }", "detectors.cost.enabled: 'maybe' is not true or false")]
    [InlineData("cost: { baseline: { zThreshold: high } }", "detectors.cost.baseline.zThreshold: 'high' is not a number")]
    [InlineData("price: { minimumTokens: 1.5 }", "detectors.price.minimumTokens: '1.5' is not a whole number")]
    [InlineData("agentLoop: { features: { a: b } }", "detectors.agentLoop.features: expected a list of names")]
    [InlineData("severity: page", "detectors.severity: expected a mapping of incident class to page or ticket")]
    [InlineData("severity: { cost_spike: [page] }", "detectors.severity.cost_spike: expected page or ticket")]
    [InlineData("vendor: { statuspages: x }", "detectors.vendor.statuspages: expected a list")]
    [InlineData("vendor: { statuspages: ['https://status.openai.com'] }", "detectors.vendor.statuspages[0]: expected a mapping with provider, url")]
    [InlineData("vendor: { statuspages: [{ url: 'https://a.test/api/v2/summary.json' }] }", "detectors.vendor.statuspages[0].provider: required")]
    [InlineData("vendor: { statuspages: [{ provider: a }] }", "detectors.vendor.statuspages[0].url: required")]
    [InlineData("vendor: { statuspages: [{ provider: a, url: status.openai.com }] }", "detectors.vendor.statuspages[0].url: 'status.openai.com' is not an absolute http(s) URL")]
    [InlineData("vendor: { statuspages: [{ provider: a, url: 'https://a.test/s.json', timeout: quick }] }", "detectors.vendor.statuspages[0].timeout: 'quick' is not a duration")]
    [InlineData("drift: { test: t-test }", "detectors.drift.test: 't-test' is not a drift test (one of: auto, ks, chi2, chi2-gof, z, js, psi, wasserstein, mmd)")]
    [InlineData("drift: { columns: { model: { test: anova } } }", "detectors.drift.columns.model.test: 'anova' is not a drift test")]
    [InlineData("drift: { columns: { model: { kind: number } } }", "detectors.drift.columns.model.kind: 'number' is not a column kind (one of: numeric, categorical, binary, text)")]
    [InlineData("drift: { columns: { model: ks } }", "detectors.drift.columns.model: expected a mapping with test, threshold and kind")]
    [InlineData("drift: { columns: [model] }", "detectors.drift.columns: expected a mapping of column name")]
    [InlineData("drift: { seed: 99999999999 }", "detectors.drift.seed: too large")]
    // ranges, windows and names
    [InlineData("interval: 500ms", "detectors.interval: must be at least 1s, got 500ms")]
    [InlineData("severity: { cost_spike: email }", "detectors.severity.cost_spike: 'email' is not page or ticket")]
    [InlineData("cost: { by: [feature, region] }", "detectors.cost.by: 'region' is not one of feature, team, model")]
    [InlineData("cost: { by: [feature, feature] }", "detectors.cost.by: 'feature' is listed twice")]
    [InlineData("cost: { by: [] }", "detectors.cost.by: name at least one of feature, team, model (or set enabled: false)")]
    [InlineData("cost: { baseline: { weeks: 4, minimumWeeks: 5 } }", "detectors.cost.baseline.minimumWeeks: must be at most weeks (4), got 5")]
    [InlineData("cost: { baseline: { minimumDays: 10, maximumDays: 7 } }", "detectors.cost.baseline.maximumDays: must be at least minimumDays (10), got 7")]
    [InlineData("cost: { baseline: { zThreshold: 0 } }", "detectors.cost.baseline.zThreshold: must be greater than 0, got 0")]
    [InlineData("agentLoop: { current: 0s }", "detectors.agentLoop.current: must be positive, got 0s")]
    [InlineData("agentLoop: { current: 2h, reference: 1h }", "detectors.agentLoop.reference: must be at least current (2h), got 1h")]
    [InlineData("agentLoop: { p95Ratio: 0.9 }", "detectors.agentLoop.p95Ratio: must be greater than 1 (current / baseline, e.g. 1.5), got 0.9")]
    [InlineData("agentLoop: { aboveP99Share: 5 }", "detectors.agentLoop.aboveP99Share: must be between 0 and 1, got 5")]
    [InlineData("agentLoop: { minimumTraces: 0 }", "detectors.agentLoop.minimumTraces: must be at least 1, got 0")]
    [InlineData("price: { relativeChange: -0.1 }", "detectors.price.relativeChange: must be greater than 0, got -0.1")]
    [InlineData("vendor: { errorSignificance: 1.5 }", "detectors.vendor.errorSignificance: must be above 0 and below 1 (e.g. 0.05), got 1.5")]
    [InlineData("vendor: { ttftRatio: 1 }", "detectors.vendor.ttftRatio: must be greater than 1")]
    [InlineData("vendor: { current: 1h, reference: 30m }", "detectors.vendor.reference: must be at least current (1h), got 30m")]
    [InlineData("vendor: { statuspages: [{ provider: a, url: 'ftp://a.test/summary.json' }] }", "detectors.vendor.statuspages[0].url: 'ftp://a.test/summary.json' is not an absolute http(s) URL")]
    [InlineData("vendor: { statuspages: [{ provider: a, url: 'https://a.test/s.json', interval: 500ms }] }", "detectors.vendor.statuspages[0].interval: must be at least 1s, got 500ms")]
    [InlineData("vendor: { statuspages: [{ provider: a, url: 'https://a.test/s.json', timeout: 0s }] }", "detectors.vendor.statuspages[0].timeout: must be positive")]
    [InlineData("vendor: { statuspages: [{ provider: a, url: 'https://a.test/s.json', components: [x, x] }] }", "detectors.vendor.statuspages[0].components: 'x' is listed twice")]
    [InlineData("memory: { step: 90s }", "detectors.memory.step: must be a whole number of minutes (e.g. 5m, 1h), got 90s")]
    [InlineData("memory: { step: 1h, history: 1h }", "detectors.memory.history: must cover at least two steps (2h), got 1h")]
    [InlineData("memory: { history: 1d }", "detectors.memory.current: must be shorter than history (1d)")]
    [InlineData("memory: { step: 1h, current: 30m }", "detectors.memory.current: must be at least one step (1h), got 30m")]
    [InlineData("memory: { growthRatio: 0.5 }", "detectors.memory.growthRatio: must be greater than 1")]
    [InlineData("memory: { minimumSamples: 1 }", "detectors.memory.minimumSamples: must be at least 2, got 1")]
    [InlineData("memory: { monthlyCostBudget: 100 }", "detectors.memory.monthlyCostBudget: needs dollarsPerGbMonth")]
    [InlineData("memory: { sizeMetric: '' }", "detectors.memory.sizeMetric: must not be empty")]
    [InlineData("compliance: { period: 30s }", "detectors.compliance.period: must be a whole number of minutes (e.g. 5m, 1h), got 30s")]
    [InlineData("compliance: { refusalRatio: 1 }", "detectors.compliance.refusalRatio: must be greater than 1")]
    [InlineData("compliance: { trendPeriods: 8, minimumTrendPeriods: 10 }", "detectors.compliance.minimumTrendPeriods: must be at most trendPeriods (8), got 10")]
    [InlineData("compliance: { trendSignificance: 0 }", "detectors.compliance.trendSignificance: must be above 0 and below 1")]
    [InlineData("audit: { maxMissingShare: 1.5 }", "detectors.audit.maxMissingShare: must be between 0 and 1, got 1.5")]
    [InlineData("audit: { required: [user.id, user.id] }", "detectors.audit.required: 'user.id' is listed twice")]
    [InlineData("drift: { sample: 10 }", "detectors.drift.sample: must be at least 30 (fewer traces cannot show drift), got 10")]
    [InlineData("drift: { sample: 40, minimumSampleSize: 50 }", "detectors.drift.sample: must be at least minimumSampleSize (50), got 40")]
    [InlineData("drift: { driftShare: 2 }", "detectors.drift.driftShare: must be between 0 and 1, got 2")]
    [InlineData("drift: { test: ks, threshold: 1.5 }", "detectors.drift.threshold: must be above 0 and below 1 (e.g. 0.05), got 1.5")]
    [InlineData("drift: { threshold: 2 }", "detectors.drift.threshold: must be above 0 and at most 1")]
    [InlineData("drift: { columns: { length: { test: psi, threshold: 0 } } }", "detectors.drift.columns.length.threshold: must be greater than 0, got 0")]
    [InlineData("drift: { permutations: 0 }", "detectors.drift.permutations: must be at least 1, got 0")]
    public void BadValue_IsOneErrorNamingItsKeyAndTheProblem(string body, string expected)
    {
        var errors = Errors("detectors:\n  " + body + "\n");

        var error = Assert.Single(errors);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateStatuspageProvider_IsAnErrorAtTheSecond()
    {
        var error = Assert.Single(Errors("""
            detectors:
              vendor:
                statuspages:
                  - { provider: openai, url: "https://status.openai.com/api/v2/summary.json" }
                  - { provider: OpenAI, url: "https://status.example.test/api/v2/summary.json" }
            """));

        Assert.StartsWith("detectors.vendor.statuspages[1].provider: 'OpenAI' has two status pages", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralProblems_AreAllReportedAtOnce()
    {
        var errors = Errors("""
            detectors:
              interval: 0s
              severity: { cost_spike: sms }
              agentLoop: { p95Ratio: 1 }
              vendor:
                statuspages:
                  - { provider: openai, url: nowhere }
              memory: { step: 61s }
              drift: { sample: 5, tset: ks }
            """);

        foreach (var key in new[]
                 {
                     "detectors.interval:", "detectors.severity.cost_spike:", "detectors.agentLoop.p95Ratio:", "detectors.vendor.statuspages[0].url:",
                     "detectors.memory.step:", "detectors.drift.sample:", "detectors.drift.tset: unknown key",
                 })
        {
            Assert.Contains(errors, e => e.StartsWith(key, StringComparison.Ordinal));
        }

        Assert.Equal(7, errors.Count);
    }

    [Fact]
    public void Validate_Defaults_HasNoProblem()
    {
        Assert.Empty(DetectorSectionReader.Validate(new DetectorSettings()));
        Assert.Empty(VigilConfigLoader.Validate(new VigilSettings()));
    }

    [Fact]
    public void Validate_SettingsBuiltInCode_ReportsTheirProblemsThroughTheLoader()
    {
        var settings = new VigilSettings
        {
            Detectors = new DetectorSettings
            {
                Interval = TimeSpan.FromMilliseconds(10),
                Alerts = new AlertRules { For = TimeSpan.FromMinutes(-1), Severity = new Dictionary<string, string> { ["cost_spike"] = "PAGE" } },
                Vendor = new VendorDetectorSettings
                {
                    Statuspages =
                    [
                        new StatuspageSettings { Provider = "openai", Url = new Uri("/relative", UriKind.Relative) },
                        new StatuspageSettings { Provider = "", Url = new Uri("https://status.example.test/api/v2/summary.json"), Timeout = TimeSpan.Zero },
                    ],
                },
                Memory = new MemoryDetectorSettings { Options = new MemoryBloatOptions { DollarsPerGbMonth = double.NaN } },
                Compliance = new ComplianceDetectorSettings { RefusalScore = " ", Period = TimeSpan.FromSeconds(90) },
                Drift = new DriftDetectorSettings
                {
                    Options = new DriftOptions { PerColumn = new Dictionary<string, ColumnDriftOptions> { ["score"] = new() { Test = DriftTest.ZTest, Threshold = 0 } } },
                },
            },
        };

        var errors = VigilConfigLoader.Validate(settings);

        Assert.Equal(
            [
                "detectors.interval: must be at least 1s, got 10ms",
                "detectors.for: must not be negative, got -00:01:00",
                "detectors.severity.cost_spike: 'PAGE' is not page or ticket",
                "detectors.vendor.statuspages[0].url: '/relative' is not an absolute http(s) URL (e.g. https://status.openai.com/api/v2/summary.json)",
                "detectors.vendor.statuspages[1].provider: required",
                "detectors.vendor.statuspages[1].timeout: must be positive, got 0s",
                "detectors.memory.dollarsPerGbMonth: must be 0 or more, got NaN",
                "detectors.compliance.period: must be a whole number of minutes (e.g. 5m, 1h), got 90s",
                "detectors.compliance.refusalScore: must name an evaluation (or be null to compare no refusals)",
                "detectors.drift.columns.score.threshold: must be above 0 and below 1 (e.g. 0.05), got 0",
            ],
            errors);
    }
}
