using static Vigil.Evals.Tests.Cases;

namespace Vigil.Evals.Tests.Scorers;

public sealed class GroundednessScorerTests
{
    private static readonly ContextDocument Refunds = new("kb-0001", "Refunds for Acme Cloud are issued within 12 business days from Settings > Billing > Refund.");

    [Fact]
    public async Task Groundedness_AnswerRestatingTheContext_ScoresOne()
    {
        var score = await ScoreAsync("groundedness", Answer("Acme Cloud refunds are issued within 12 business days. [kb-0001]", null, Refunds));
        Assert.Equal(1, score.Value);
        Assert.True(score.Passed);
    }

    [Fact]
    public async Task Groundedness_ChangedNumber_IsNamedAsNotInTheContext()
    {
        var score = await ScoreAsync("groundedness", Answer("Refunds for Acme Cloud are issued within 214 business days.", null, Refunds));
        Assert.True(score.Value < 1);
        Assert.Contains("not in the context: '214'", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Groundedness_UnrelatedAnswer_FailsListingTheUnsupportedWords()
    {
        var score = await ScoreAsync("groundedness", Answer("Our premium plan includes unlimited storage and priority phone support.", null, Refunds));
        Assert.False(score.Passed);
        Assert.Equal(0, score.Value);
        Assert.StartsWith("0 of 8 content words of the answer occur in the context (0%, threshold 50%); not in the context: 'premium', 'plan'", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Groundedness_Threshold_DecidesThePass()
    {
        // Content words "refund", "take", "12", "week": the context has "refund" and "12", 2 of 4.
        var input = Answer("Refunds take 12 weeks.", null, Refunds);
        Assert.Equal(0.5, (await ScoreAsync("groundedness", input)).Value);
        Assert.True((await ScoreAsync("groundedness", input)).Passed);
        Assert.False((await ScoreAsync("groundedness", input, ("threshold", 0.6))).Passed);
    }

    [Fact]
    public async Task Groundedness_NoContext_FailsSayingSo()
    {
        var score = await ScoreAsync("groundedness", Answer("Refunds take 12 days."));
        Assert.False(score.Passed);
        Assert.Equal("no retrieved context to ground the answer in", score.Explanation);
    }
}
