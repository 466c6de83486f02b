using System.Diagnostics;
using System.Globalization;
using Vigil.Core.Slos;
using Vigil.Server.Slos;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Vigil.Server.Tests.Slos;

public sealed class PrometheusRulesTests
{
    private const string ChatId = "default-chat-availability";
    private const string ChatSelector = """{sloth_id="default-chat-availability", sloth_service="chat", sloth_slo="chat-availability"}""";

    [Fact]
    public void Render_OneSlo_HasSlothsThreeGroupsNamedByProjectAndName()
    {
        var file = Parse(PrometheusRules.Render([Chat30Days()]));

        Assert.Equal(
            ["sloth-slo-sli-recordings-" + ChatId, "sloth-slo-meta-recordings-" + ChatId, "sloth-slo-alerts-" + ChatId],
            file.Groups.Select(g => g.Name));
    }

    [Fact]
    public void Render_DefaultPairs_RecordsEveryAlertWindowThenThePeriod()
    {
        var rules = Group(Parse(PrometheusRules.Render([Chat30Days()])), "sli-recordings").Rules;

        string[] windows = ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"];
        Assert.Equal(windows.Select(w => "slo:sli_error:ratio_rate" + w), rules.Select(r => r.Record));
        Assert.Equal(windows, rules.Select(r => r.Labels["sloth_window"]));
        Assert.All(rules, r =>
        {
            Assert.Equal(ChatId, r.Labels["sloth_id"]);
            Assert.Equal("chat", r.Labels["sloth_service"]);
            Assert.Equal("chat-availability", r.Labels["sloth_slo"]);
        });
    }

    [Fact]
    public void Render_WindowRatio_IsOneMinusGoodOverAllFromTheCounters_AndEmptyWithoutEvents()
    {
        var oneHour = Recording(Parse(PrometheusRules.Render([Chat30Days()])), "slo:sli_error:ratio_rate1h");

        Assert.Equal(
            """
            1 - (
              (sum(rate(vigil_slo_good_events_total{slo="chat-availability",project="default"}[1h])) or vector(0))
              /
              (sum(rate(vigil_slo_events_total{slo="chat-availability",project="default"}[1h])) > 0)
            )
            """,
            oneHour.Expr);
    }

    [Fact]
    public void Render_PeriodRatio_AveragesTheFiveMinuteRatioAsSlothDoes()
    {
        var period = Recording(Parse(PrometheusRules.Render([Chat30Days()])), "slo:sli_error:ratio_rate30d");

        Assert.Equal(
            $"""
            sum_over_time(slo:sli_error:ratio_rate5m{ChatSelector}[30d])
            / ignoring (sloth_window)
            count_over_time(slo:sli_error:ratio_rate5m{ChatSelector}[30d])
            """,
            period.Expr);
    }

    [Fact]
    public void Render_MetaRecordings_CarryObjectiveBudgetPeriodAndBurnRates()
    {
        var meta = Group(Parse(PrometheusRules.Render([Chat30Days()])), "meta-recordings").Rules;

        Assert.Equal(
            [
                "slo:objective:ratio", "slo:error_budget:ratio", "slo:time_period:days", "slo:current_burn_rate:ratio",
                "slo:period_burn_rate:ratio", "slo:period_error_budget_remaining:ratio", "sloth_slo_info",
            ],
            meta.Select(r => r.Record));
        Assert.Equal("vector(0.999)", meta[0].Expr);
        Assert.Equal("vector(1-0.999)", meta[1].Expr);
        Assert.Equal("vector(30)", meta[2].Expr);
        Assert.StartsWith("slo:sli_error:ratio_rate5m{", meta[3].Expr, StringComparison.Ordinal);
        Assert.StartsWith("slo:sli_error:ratio_rate30d{", meta[4].Expr, StringComparison.Ordinal);
        Assert.Equal("1 - slo:period_burn_rate:ratio" + ChatSelector, meta[5].Expr);
        Assert.Equal("99.9", meta[6].Labels["sloth_objective"]);
        Assert.All(meta, r => Assert.False(r.Labels.ContainsKey("sloth_window")));
    }

    [Fact]
    public void Render_PageAlert_OrsExactlyTheTwoPagePairsAt14_4And6()
    {
        var page = Alert(Parse(PrometheusRules.Render([Chat30Days()])), "ChatAvailabilityPageBurnRate");

        var pairs = page.Expr.Split("\nor\n");
        Assert.Equal(2, pairs.Length);
        AssertPair(pairs[0], "5m", "1h", "(14.4 * 0.001)");
        AssertPair(pairs[1], "30m", "6h", "(6 * 0.001)");
        Assert.Equal("page", page.Labels["severity"]);
        Assert.Equal("page", page.Labels["sloth_severity"]);
        Assert.Contains("chat-availability", page.Annotations!["summary"], StringComparison.Ordinal);
        Assert.Contains("feature 'chat'", page.Annotations["summary"], StringComparison.Ordinal);
        Assert.StartsWith("(page) ", page.Annotations["title"], StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TicketAlert_OrsTheTwoTicketPairsAt3And1()
    {
        var ticket = Alert(Parse(PrometheusRules.Render([Chat30Days()])), "ChatAvailabilityTicketBurnRate");

        var pairs = ticket.Expr.Split("\nor\n");
        Assert.Equal(2, pairs.Length);
        AssertPair(pairs[0], "2h", "1d", "(3 * 0.001)");
        AssertPair(pairs[1], "6h", "3d", "(1 * 0.001)");
        Assert.Equal("ticket", ticket.Labels["severity"]);
    }

    [Fact]
    public void Render_28DaySlo_Uses13_44AndRecordsTheFourWeekPeriod()
    {
        var file = Parse(PrometheusRules.Render([Search28Days()]));

        var page = Alert(file, "SearchLatencyPageBurnRate").Expr.Split("\nor\n");
        AssertPair(page[0], "5m", "1h", "(13.44 * 0.001)");
        AssertPair(page[1], "30m", "6h", "(5.6 * 0.001)");
        var ticket = Alert(file, "SearchLatencyTicketBurnRate").Expr.Split("\nor\n");
        AssertPair(ticket[0], "2h", "1d", "(2.8 * 0.001)");
        AssertPair(ticket[1], "6h", "3d", "(0.9333333333 * 0.001)");

        // Prometheus (and so Sloth) prints 28 days as 4w.
        Assert.Equal("4w", Recording(file, "slo:sli_error:ratio_rate4w").Labels["sloth_window"]);
        Assert.Equal("vector(28)", Recording(file, "slo:time_period:days").Expr);
    }

    [Fact]
    public void Render_CustomPagePairs_RecordTheirWindowsAndGiveOnlyAPageAlert()
    {
        var file = Parse(PrometheusRules.Render([PageOnly()]));

        Assert.Equal(
            ["5m", "10m", "1h", "2h", "12h", "30d"],
            Group(file, "sli-recordings", "shop-checkout-quality").Rules.Select(r => r.Labels["sloth_window"]));
        var alerts = Group(file, "alerts", "shop-checkout-quality").Rules;
        Assert.Equal(["CheckoutQualityPageBurnRate", "CheckoutQualityErrorBudgetExhausted"], alerts.Select(a => a.Alert));
        var pairs = alerts[0].Expr.Split("\nor\n");
        Assert.Equal(2, pairs.Length);
        AssertPair(pairs[0], "10m", "2h", "(10 * 0.01)");
        AssertPair(pairs[1], "1h", "12h", "(3 * 0.01)");
    }

    [Fact]
    public void Render_PairWindowAsLongAsThePeriod_RecordsThatWindowOnceFromTheCounters()
    {
        var slo = Chat30Days() with
        {
            Alerting = new SloAlerting { Pairs = [new AlertPairSpec(BurnWindowPair.Ticket, TimeSpan.FromDays(30), TimeSpan.FromDays(1), BurnRate: 1)] },
        };

        var file = Parse(PrometheusRules.Render([slo]));

        Assert.Equal(["5m", "1d", "30d"], Group(file, "sli-recordings").Rules.Select(r => r.Labels["sloth_window"]));
        Assert.Contains("[30d])) > 0)", Recording(file, "slo:sli_error:ratio_rate30d").Expr, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_For_IsWrittenOnlyWhenPendingForIsSet()
    {
        var text = PrometheusRules.Render([Chat30Days(), Pending2Minutes()]);
        var file = Parse(text);

        Assert.All(Group(file, "alerts", ChatId).Rules, a => Assert.Null(a.For));
        Assert.All(Group(file, "alerts", "default-chat-pending").Rules, a => Assert.Equal("2m", a.For));
        Assert.Equal(3, text.Split("\n").Count(l => l.TrimStart().StartsWith("for:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Render_MinimumEvents_GuardsEveryLongWindowWithTheEventCount()
    {
        var file = Parse(PrometheusRules.Render([Chat30Days()]));

        var pairs = Alert(file, "ChatAvailabilityPageBurnRate").Expr.Split("\nor\n");
        Assert.Contains("and on ()\n    sum(increase(vigil_slo_events_total{slo=\"chat-availability\",project=\"default\"}[1h])) >= 10", pairs[0], StringComparison.Ordinal);
        Assert.Contains("[6h])) >= 10", pairs[1], StringComparison.Ordinal);
        Assert.Equal(
            $"""
            slo:period_error_budget_remaining:ratio{ChatSelector} <= 0
            and on ()
            sum(increase(vigil_slo_events_total{"{"}slo="chat-availability",project="default"{"}"}[30d])) >= 10
            """,
            Alert(file, "ChatAvailabilityErrorBudgetExhausted").Expr);
    }

    [Fact]
    public void Render_NoMinimumAndNoBudgetAlert_LeavesThePlainSlothShape()
    {
        var slo = Chat30Days() with { Alerting = new SloAlerting { MinimumEvents = 0, BudgetExhausted = false } };

        var alerts = Group(Parse(PrometheusRules.Render([slo])), "alerts").Rules;

        Assert.Equal(["ChatAvailabilityPageBurnRate", "ChatAvailabilityTicketBurnRate"], alerts.Select(a => a.Alert));
        Assert.All(alerts, a => Assert.DoesNotContain("increase(", a.Expr, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_UnderACultureWithDecimalCommas_WritesInvariantNumbers()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        var saved = CultureInfo.CurrentCulture;
        string text;
        try
        {
            CultureInfo.CurrentCulture = comma;
            text = PrometheusRules.Render([Chat30Days(), Search28Days()]);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        Assert.Contains("(14.4 * 0.001)", text, StringComparison.Ordinal);
        Assert.Contains("(13.44 * 0.001)", text, StringComparison.Ordinal);
        Assert.Contains("(0.9333333333 * 0.001)", text, StringComparison.Ordinal);
        Assert.Contains("vector(0.999)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("14,4", text, StringComparison.Ordinal);
        Assert.DoesNotContain("0,9", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_QuotesAndBackslashesInAFeature_AreEscapedInSelectorsAndKeptInLabels()
    {
        var feature = "say \"hi\" \\ {{now}}";
        var slo = Chat30Days() with { Indicator = Availability(feature) };

        var file = Parse(PrometheusRules.Render([slo]));

        var period = Recording(file, "slo:sli_error:ratio_rate30d");
        Assert.Contains("""sloth_service="say \"hi\" \\ {{now}}", """, period.Expr, StringComparison.Ordinal);
        Assert.Equal(feature, period.Labels["sloth_service"]);
        var summary = Alert(file, "ChatAvailabilityPageBurnRate").Annotations!["summary"];
        Assert.Contains("""feature 'say "hi" \ {{ "{{" }}now}}'""", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CalendarMonthAndTimeslices_UseA30DayRollingWindowAndSaySoInTheHeader()
    {
        var slo = Chat30Days() with
        {
            Window = SloTimeWindow.CalendarMonth(),
            Method = BudgetingMethod.Timeslices,
            SliceTarget = 0.95,
        };

        var text = PrometheusRules.Render([slo]);
        var file = Parse(text);

        Assert.Equal("vector(30)", Recording(file, "slo:time_period:days").Expr);
        AssertPair(Alert(file, "ChatAvailabilityPageBurnRate").Expr.Split("\nor\n")[0], "5m", "1h", "(14.4 * 0.001)");
        Assert.Contains("# default-chat-availability: calendar month (UTC) is evaluated here as a rolling 30d.\n", text, StringComparison.Ordinal);
        Assert.Contains("# default-chat-availability: Timeslices budgeting is evaluated here in events (Occurrences).\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InvalidOrDuplicatedSlos_ThrowsNamingEachProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => PrometheusRules.Render([Chat30Days(), Chat30Days(), Chat30Days() with { Name = "Bad Name" }]));

        Assert.Contains("default-chat-availability: defined 2 times", ex.Message, StringComparison.Ordinal);
        Assert.Contains("default-Bad Name: name:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoSlos_IsAnEmptyRuleFile()
    {
        Assert.Empty(Parse(PrometheusRules.Render([])).Groups);
    }

    [PromtoolFact]
    public async Task Render_EveryKindOfSlo_PassesPromtoolCheckRules()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigil-rules-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(path, PrometheusRules.Render([Chat30Days(), Search28Days(), PageOnly(), Pending2Minutes()]));
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var process = Process.Start(new ProcessStartInfo(PromtoolFactAttribute.Promtool!, ["check", "rules", path])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await stdout + await stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // ---- SLOs ----

    internal static SloDefinition Chat30Days() => new()
    {
        Name = "chat-availability",
        Indicator = Availability("chat"),
        Objective = 0.999,
        Window = SloTimeWindow.Rolling(TimeSpan.FromDays(30)),
    };

    private static SloDefinition Search28Days() => new()
    {
        Name = "search-latency",
        Indicator = new SliDefinition { Kind = SliKind.Latency, Scope = new SliScope { Feature = "search" }, LatencyThreshold = TimeSpan.FromSeconds(2) },
        Objective = 0.999,
        Window = SloTimeWindow.Rolling(TimeSpan.FromDays(28)),
    };

    /// <summary>Two custom page pairs — one by burn rate, one by budget share (5 % in 12 h of 30 d = 3) — and no ticket pair.</summary>
    private static SloDefinition PageOnly() => new()
    {
        Name = "checkout-quality",
        Project = "shop",
        Indicator = new SliDefinition { Kind = SliKind.Quality, Scope = new SliScope { Feature = "checkout" }, ScoreThreshold = 0.7 },
        Objective = 0.99,
        Window = SloTimeWindow.Rolling(TimeSpan.FromDays(30)),
        Alerting = new SloAlerting
        {
            Pairs =
            [
                new AlertPairSpec(BurnWindowPair.Page, TimeSpan.FromHours(12), TimeSpan.FromHours(1), BudgetShare: 0.05),
                new AlertPairSpec(BurnWindowPair.Page, TimeSpan.FromHours(2), TimeSpan.FromMinutes(10), BurnRate: 10),
            ],
        },
    };

    private static SloDefinition Pending2Minutes() => Chat30Days() with
    {
        Name = "chat-pending",
        Alerting = new SloAlerting { PendingFor = TimeSpan.FromMinutes(2) },
    };

    private static SliDefinition Availability(string feature) =>
        new() { Kind = SliKind.Availability, Scope = new SliScope { Feature = feature } };

    // ---- reading the file back ----

    private static RuleFile Parse(string yaml) =>
        new DeserializerBuilder().WithNamingConvention(LowerCaseNamingConvention.Instance).Build().Deserialize<RuleFile>(yaml);

    private static RuleGroup Group(RuleFile file, string kind, string id = ChatId) =>
        Assert.Single(file.Groups, g => g.Name == $"sloth-slo-{kind}-{id}");

    private static Rule Recording(RuleFile file, string record) => Assert.Single(file.Groups.SelectMany(g => g.Rules), r => r.Record == record);

    private static Rule Alert(RuleFile file, string alert) => Assert.Single(file.Groups.SelectMany(g => g.Rules), r => r.Alert == alert);

    private static void AssertPair(string pair, string shortWindow, string longWindow, string threshold)
    {
        var conditions = pair.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("max(", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                $"max(slo:sli_error:ratio_rate{shortWindow}{{" + conditions[0].Split('{', 2)[1].Split('}')[0] + $"}} > {threshold}) without (sloth_window)",
                $"max(slo:sli_error:ratio_rate{longWindow}{{" + conditions[1].Split('{', 2)[1].Split('}')[0] + $"}} > {threshold}) without (sloth_window)",
            ],
            conditions);
    }

    private sealed class RuleFile
    {
        public List<RuleGroup> Groups { get; set; } = [];
    }

    private sealed class RuleGroup
    {
        public string Name { get; set; } = "";
        public List<Rule> Rules { get; set; } = [];
    }

    private sealed class Rule
    {
        public string? Record { get; set; }
        public string? Alert { get; set; }
        public string Expr { get; set; } = "";
        public string? For { get; set; }
        public Dictionary<string, string> Labels { get; set; } = [];
        public Dictionary<string, string>? Annotations { get; set; }
    }

    /// <summary>Runs only where <c>promtool</c> is on the PATH; nothing is installed for it.</summary>
    private sealed class PromtoolFactAttribute : FactAttribute
    {
        public static readonly string? Promtool = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "promtool"))
            .FirstOrDefault(File.Exists);

        public PromtoolFactAttribute()
        {
            if (Promtool is null)
            {
                Skip = "promtool is not installed";
            }
        }
    }

}
