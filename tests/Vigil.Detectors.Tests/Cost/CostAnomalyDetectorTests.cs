using Vigil.Detectors.Cost;

namespace Vigil.Detectors.Tests.Cost;

/// <summary>The seasonal robust baseline of hourly cost: flat, spiking, weekly-seasonal and short histories.</summary>
public sealed class CostAnomalyDetectorTests
{
    /// <summary>Monday 30 November 2026, 09:00 UTC: the evaluated hour.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyDictionary<string, string> SupportChat = Finding.Labels(("feature", "support-chat"));

    /// <summary>Hourly rows from <paramref name="days"/> days before <see cref="Now"/> up to and including it; 100 tasks, 2 calls each, 1000 tokens a call.</summary>
    private static List<CostHour> History(int days, Func<DateTimeOffset, double> cost, double now, double tokensPerCallNow = 1000)
    {
        var rows = new List<CostHour>();
        for (var h = Now.AddDays(-days); h < Now; h = h.AddHours(1))
        {
            rows.Add(new CostHour(h, 100, 200, 150_000, 50_000, cost(h)));
        }

        var tokens = (long)(200 * tokensPerCallNow);
        rows.Add(new CostHour(Now, 100, 200, tokens * 3 / 4, tokens / 4, now));
        return rows;
    }

    [Fact]
    public void FlatHistory_SameCost_NoAlert()
    {
        var finding = CostAnomalyDetector.Evaluate(SupportChat, History(28, _ => 4.0, 4.0), Now);

        Assert.Equal(FindingState.Ok, finding.State);
        Assert.Equal(0, finding.Value);
        Assert.Equal("cost_anomaly", finding.Detector);
        Assert.Equal("cost_spike", finding.IncidentClass);
    }

    [Fact]
    public void FlatHistory_SmallBump_TheSpreadFloorKeepsItQuiet()
    {
        // MAD 0, so the spread is the floor max($0.10, 5 % × $4) = $0.20; z = 0.50 / 0.20 = 2.5.
        var finding = CostAnomalyDetector.Evaluate(SupportChat, History(28, _ => 4.0, 4.5), Now);

        Assert.Equal(FindingState.Ok, finding.State);
        Assert.Equal(2.5, finding.Value!.Value, 9);
    }

    [Fact]
    public void ThreeFoldSpike_Alerts_WithTheSizeAndTheFactorThatMoved()
    {
        // Same hour of the week: 4 weeks of $4 → median $4, spread $0.20; $12 gives z = 8 / 0.2 = 40, +$8/h (+200 %).
        // The hour's tokens per call are 3000 instead of 1000: cost ×3 is all tokens per call.
        var finding = CostAnomalyDetector.Evaluate(SupportChat, History(28, _ => 4.0, 12.0, tokensPerCallNow: 3000), Now);

        Assert.Equal(FindingState.Alert, finding.State);
        Assert.Equal(40, finding.Value!.Value, 9);
        Assert.Equal(4, finding.Threshold);
        Assert.Equal(Now.AddDays(-28), finding.Reference!.From);
        Assert.Equal(Now.AddDays(-7).AddHours(1), finding.Reference.To);
        Assert.Equal(Now.AddHours(1), finding.Current.To);
        Assert.Contains("support-chat cost $12.00/h at Mon 09:00 UTC against $4.00/h (median of the same hour of the week over 4 weeks): +$8.00/h (+200 %), robust z 40.0 ≥ 4", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("tokens per call ×3 (100 % of the change)", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Spike_WithBreakdown_NamesTheCarryingPrompt()
    {
        // Every history hour is prompt p4; the hour is all p5 at 3000 tokens a call. Over the 4 weekly sample hours
        // (800 calls, 800k tokens) the extra tokens are p5 600k − 0 and p4 0 − 200 × 1000: p5 carries 100 %.
        var rows = History(28, _ => 4.0, 12.0, tokensPerCallNow: 3000);
        var breakdown = rows.Select(r => new CostBreakdownRow("prompt_version", r.HourStart == Now ? "p5" : "p4", r.HourStart, r.Tasks, r.Calls, r.InputTokens, r.OutputTokens, r.CostUsd)).ToList();

        var finding = CostAnomalyDetector.Evaluate(SupportChat, rows, Now, breakdown);

        Assert.Equal(FindingState.Alert, finding.State);
        Assert.EndsWith("support-chat cost +200 % ($4.00 → $12.00/h): tokens per call ×3 (100 % of the change), carried by prompt_version p5 [new] (100 % of the extra tokens)", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void NoisyHistory_TheMadSetsTheSpread()
    {
        // Weekly samples 5, 3, 4, 4 (weeks 1–4 back): median 4, |deviations| 1, 1, 0, 0 → MAD 0.5, spread 0.5 × 1.4826 = 0.7413.
        double[] weekly = [5, 3, 4, 4];
        var rows = History(28, h => (Now - h).TotalDays is var d && d % 7 == 0 ? weekly[(int)(d / 7) - 1] : 4.0, 12.0);

        var finding = CostAnomalyDetector.Evaluate(SupportChat, rows, Now);

        Assert.Equal(FindingState.Alert, finding.State);
        Assert.Equal(8 / 0.7413, finding.Value!.Value, 9);
    }

    [Fact]
    public void TinyAbsoluteChange_HighZ_NoAlertUnderTheMinimumDollars()
    {
        // $0.02/h history, $0.50 now: z = 0.48 / 0.10 = 4.8 ≥ 4, but +$0.48/h is under $1/h.
        var finding = CostAnomalyDetector.Evaluate(SupportChat, History(28, _ => 0.02, 0.50), Now);

        Assert.Equal(FindingState.Ok, finding.State);
        Assert.Equal(4.8, finding.Value!.Value, 9);
        Assert.Contains("under $1.00/h", finding.Explanation, StringComparison.Ordinal);

        var lowered = CostAnomalyDetector.Evaluate(SupportChat, History(28, _ => 0.02, 0.50), Now, options: new SeasonalBaselineOptions { MinimumChange = 0.25 });
        Assert.Equal(FindingState.Alert, lowered.State);
    }

    [Fact]
    public void WeeklyPeak_RecurringEveryMonday9_NoAlert()
    {
        static double Seasonal(DateTimeOffset h) => h.DayOfWeek == DayOfWeek.Monday && h.Hour == 9 ? 20.0 : 4.0;

        var finding = CostAnomalyDetector.Evaluate(SupportChat, History(28, Seasonal, 20.0), Now);

        Assert.Equal(FindingState.Ok, finding.State);
        Assert.Equal(0, finding.Value);
    }

    [Fact]
    public void WeeklyPeak_WithOnlyTenDays_TheHourOfDayFallbackCannotSeeTheSeason()
    {
        // 10 days: 1 weekly sample (< 3), so the same hour of the previous 10 days: one Monday ($20) and nine $4 → median $4.
        static double Seasonal(DateTimeOffset h) => h.DayOfWeek == DayOfWeek.Monday && h.Hour == 9 ? 20.0 : 4.0;

        var finding = CostAnomalyDetector.Evaluate(SupportChat, History(10, Seasonal, 20.0), Now);

        Assert.Equal(FindingState.Alert, finding.State);
        Assert.Equal(16 / 0.2, finding.Value!.Value, 9);
        Assert.Contains("same hour of the day over 10 days; fewer than 3 weeks of history", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(Now.AddDays(-10), finding.Reference!.From);
    }

    [Fact]
    public void FallbackUsesAtMostFourteenDays()
    {
        var rows = History(20, _ => 4.0, 4.0);

        var result = SeasonalBaseline.Compute(rows.ToDictionary(r => r.HourStart, r => r.CostUsd), Now, new SeasonalBaselineOptions(), out _);

        Assert.Equal(SeasonalKind.HourOfDay, result!.Kind);
        Assert.Equal(14, result.Samples.Count);
    }

    [Fact]
    public void ShortHistory_InsufficientData_NamingWhatExistsAndWhatIsNeeded()
    {
        var finding = CostAnomalyDetector.Evaluate(SupportChat, History(2, _ => 4.0, 40.0), Now);

        Assert.Equal(FindingState.InsufficientData, finding.State);
        Assert.Null(finding.Value);
        Assert.Equal("support-chat cost: not enough history: 48 h (2 days); the same-hour-of-day baseline needs 7 days and the hour-of-week baseline 3 weeks", finding.Explanation);
    }

    [Fact]
    public void MissingHoursInsideTheHistory_CountAsZero()
    {
        // Weeks 1 and 2 back have no row at Monday 09:00 (no traffic): samples 0, 0, 4, 4 → median 2, MAD 2, spread 2.9652.
        var rows = History(28, _ => 4.0, 4.0).Where(r => r.HourStart != Now.AddDays(-7) && r.HourStart != Now.AddDays(-14)).ToList();

        var finding = CostAnomalyDetector.Evaluate(SupportChat, rows, Now);

        Assert.Equal(2 / 2.9652, finding.Value!.Value, 9);
    }
}
