using static Vigil.Evals.Tests.Cases;

namespace Vigil.Evals.Tests.Scorers;

public sealed class StringScorerTests
{
    [Fact]
    public async Task Exact_SameTextUpToOuterWhiteSpace_Passes()
    {
        var score = await ScoreAsync("exact", Answer("  Paris\n", expected: "Paris"));
        Assert.True(score.Passed);
        Assert.Equal(1, score.Value);
    }

    [Fact]
    public async Task Exact_Difference_IsLocatedInTheExplanation()
    {
        var score = await ScoreAsync("exact", Answer("The total is 41 USD", expected: "The total is 42 USD"));
        Assert.False(score.Passed);
        Assert.Equal(0, score.Value);
        Assert.Contains("at character 14", score.Explanation, StringComparison.Ordinal);
        Assert.Contains("42 USD", score.Explanation, StringComparison.Ordinal);
        Assert.Contains("41 USD", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exact_ValueOption_TakesPrecedenceOverExpected()
    {
        var score = await ScoreAsync("exact", Answer("yes", expected: "no"), ("value", "YES"), ("ignoreCase", true));
        Assert.True(score.Passed);
    }

    [Fact]
    public async Task Exact_NoExpectedOutput_FailsSayingSo()
    {
        var score = await ScoreAsync("exact", Answer("anything"));
        Assert.False(score.Passed);
        Assert.Contains("no expected output", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contains_Substring_Passes()
    {
        Assert.True((await ScoreAsync("contains", Answer("Refunds take 5 days."), ("value", "5 days"))).Passed);
    }

    [Fact]
    public async Task Contains_CaseDiffers_FailsUnlessIgnoreCase()
    {
        var strict = await ScoreAsync("contains", Answer("REFUND issued"), ("value", "refund"));
        Assert.False(strict.Passed);
        Assert.Equal("output does not contain \"refund\"", strict.Explanation);
        Assert.True((await ScoreAsync("contains", Answer("REFUND issued"), ("value", "refund"), ("ignoreCase", true))).Passed);
    }

    [Fact]
    public void Contains_WithoutValue_IsAConfigurationError()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => ScorerFactory.Create("contains"));
        Assert.Equal("value", Assert.Single(error.Problems).Option);
    }

    [Fact]
    public async Task Regex_Match_PassesAndQuotesTheMatch()
    {
        var score = await ScoreAsync("regex", Answer("Invoice INV-2024-0042 is paid"), ("pattern", @"INV-\d{4}-\d{4}"));
        Assert.True(score.Passed);
        Assert.Contains("\"INV-2024-0042\"", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regex_NoMatch_FailsNamingThePattern()
    {
        var score = await ScoreAsync("regex", Answer("no invoice here"), ("pattern", @"^INV-\d+$"));
        Assert.False(score.Passed);
        Assert.Equal(@"output does not match /^INV-\d+$/", score.Explanation);
    }

    [Fact]
    public void Regex_InvalidPattern_IsAConfigurationErrorNamingPattern()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => Scorer("regex", ("pattern", "(unclosed")));
        var problem = Assert.Single(error.Problems);
        Assert.Equal("pattern", problem.Option);
        Assert.Contains("not a valid regular expression", problem.Message, StringComparison.Ordinal);
    }
}
