using Vigil.Core.Queries;
using Vigil.Detectors.Cost;

namespace Vigil.Detectors.Tests.Cost;

/// <summary>USD per 1k input and output tokens of the same provider and model, current against baseline.</summary>
public sealed class PriceChangeDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeRange Baseline = new(T0.AddDays(-1), T0);
    private static readonly TimeRange Current = new(T0, T0.AddHours(6));

    private static ModelPriceHour Hour(DateTimeOffset at, string provider, string model, long input, double inputUsd, long output, double outputUsd) =>
        new(provider, model, at, input, output, inputUsd, outputUsd);

    [Fact]
    public void InputPriceUp20Percent_Alerts_OldToNew_OthersOkOrInsufficient()
    {
        // gpt-4o: input $2.50 / 1M → $0.0025 per 1k, now $3.00 / 1M → $0.0030 (+20 %); output $2.00 / 200k = $0.01 both.
        // claude: $3 / 1M input both sides (+0 %), output 4 % dearer ($15 → $15.60 per 1M): under 5 %. tiny: 5k tokens.
        List<ModelPriceHour> before =
        [
            Hour(T0.AddHours(-3), "openai", "gpt-4o", 600_000, 1.5, 100_000, 1.0), Hour(T0.AddHours(-2), "openai", "gpt-4o", 400_000, 1.0, 100_000, 1.0),
            Hour(T0.AddHours(-2), "anthropic", "claude", 1_000_000, 3.0, 1_000_000, 15.0),
            Hour(T0.AddHours(-2), "openai", "tiny", 5_000, 0.01, 5_000, 0.01),
        ];
        List<ModelPriceHour> after =
        [
            Hour(T0.AddHours(1), "openai", "gpt-4o", 1_000_000, 3.0, 200_000, 2.0),
            Hour(T0.AddHours(1), "anthropic", "claude", 1_000_000, 3.0, 1_000_000, 15.6),
            Hour(T0.AddHours(1), "openai", "tiny", 5_000, 0.02, 5_000, 0.02),
        ];

        var findings = PriceChangeDetector.Evaluate(before, Baseline, after, Current);

        Assert.Equal(["anthropic/claude", "openai/gpt-4o", "openai/tiny"], findings.Select(f => f.Subject["provider"] + "/" + f.Subject["model"]));
        var (claude, gpt, tiny) = (findings[0], findings[1], findings[2]);

        Assert.Equal(FindingState.Alert, gpt.State);
        Assert.Equal("vendor_price", gpt.Detector);
        Assert.Equal(0.2, gpt.Value!.Value, 12);
        Assert.Equal("openai gpt-4o price changed: input $0.0025 → $0.0030 per 1k tokens (+20 %); output $0.01 → $0.01 per 1k tokens (+0 %)", gpt.Explanation);

        Assert.Equal(FindingState.Ok, claude.State);
        Assert.Equal(0.04, claude.Value!.Value, 12);

        Assert.Equal(FindingState.InsufficientData, tiny.State);
        Assert.Contains("input not compared (5,000 tokens in the baseline, 5,000 now; each needs 10,000)", tiny.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void PriceCut_AlsoAlerts_ThresholdOverridable()
    {
        List<ModelPriceHour> before = [Hour(T0.AddHours(-1), "openai", "gpt-4o", 1_000_000, 2.5, 0, 0)];
        List<ModelPriceHour> after = [Hour(T0, "openai", "gpt-4o", 1_000_000, 2.0, 0, 0)];

        var finding = PriceChangeDetector.Evaluate(before, Baseline, after, Current).Single();

        Assert.Equal(FindingState.Alert, finding.State);
        Assert.Equal(-0.2, finding.Value!.Value, 12);
        Assert.Equal(FindingState.Ok, PriceChangeDetector.Evaluate(before, Baseline, after, Current, new PriceChangeOptions { RelativeChange = 0.25 }).Single().State);
    }
}
