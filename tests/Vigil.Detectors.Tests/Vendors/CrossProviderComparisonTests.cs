using Vigil.Core.Queries;
using Vigil.Detectors.Vendors;

namespace Vigil.Detectors.Tests.Vendors;

/// <summary>The same model from two providers in one window: which one is worse now.</summary>
public sealed class CrossProviderComparisonTests
{
    private static readonly TimeRange Now = new(new DateTimeOffset(2026, 11, 29, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));

    private static VendorWindow Window(string provider, string model, int calls, int errors, double p95) =>
        new() { Provider = provider, Model = model, Calls = calls, Errors = errors, LatencyP95Ms = p95 };

    [Fact]
    public void AzureErrs8TimesMoreThanOpenAi_IsTheWorseProvider_ButNotOnLatency()
    {
        // openai 5/1000 = 0.5 %, azure 40/1000 = 4 %: pooled 0.0225, z = 0.035/√(0.0225·0.9775·0.002) = 5.28.
        // Latency: azure is the faster (850 ms), openai 900/850 = 1.06× of it: Ok.
        var findings = new CrossProviderComparison().Compare(
            [Window("openai", "gpt-4o", 1000, 5, 900), Window("azure", "gpt-4o", 1000, 40, 850), Window("anthropic", "claude-sonnet", 5000, 500, 3000)], Now);

        Assert.Equal(2, findings.Count);
        var errors = Assert.Single(findings, f => f.Statistic == "error_ratio_rise");
        Assert.Equal(FindingState.Alert, errors.State);
        Assert.Equal(("azure", "openai", "gpt-4o"), (errors.Subject["provider"], errors.Subject["compared_with"], errors.Subject["model"]));
        Assert.Equal(0.035, errors.Value!.Value, 12);
        Assert.Contains("against 0.5% (5 of 1000) in openai now", errors.Explanation, StringComparison.Ordinal);
        Assert.Contains("z = 5.28", errors.Explanation, StringComparison.Ordinal);
        Assert.Null(errors.Reference);

        var latency = Assert.Single(findings, f => f.Statistic == "p95_latency_ratio");
        Assert.Equal((FindingState.Ok, "openai", "azure"), (latency.State, latency.Subject["provider"], latency.Subject["compared_with"]));
        Assert.Equal(900.0 / 850, latency.Value!.Value, 12);
    }

    [Fact]
    public void ProviderBelowTheMinimumCalls_TakesNoPart()
    {
        var findings = new CrossProviderComparison().Compare([Window("openai", "gpt-4o", 1000, 5, 900), Window("azure", "gpt-4o", 99, 90, 9000)], Now);
        Assert.Empty(findings);
    }
}
