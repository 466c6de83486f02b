using Vigil.Simulator.Generation;
using static Vigil.Evals.Tests.Cases;

namespace Vigil.Evals.Tests.Scorers;

public sealed class CitationAccuracyScorerTests
{
    private static readonly ContextDocument Refunds = new("kb-0001", "Refunds for Acme Cloud are issued within 12 business days from Settings > Billing > Refund.");
    private static readonly ContextDocument Export = new("kb-0003", "Acme Cloud exports data as CSV or JSON from Settings > Data > Export, up to 40 GB per export.");

    [Fact]
    public async Task Citation_RetrievedId_Passes()
    {
        var score = await ScoreAsync("citation_accuracy", Answer("Refunds take 12 business days. [kb-0001]", null, Refunds, Export));
        Assert.True(score.Passed);
        Assert.Equal(1, score.Value);
        Assert.Equal("1 of 1 citations correct", score.Explanation);
    }

    [Fact]
    public async Task Citation_IdNotRetrieved_FailsNamingItAndTheRetrievedOnes()
    {
        var score = await ScoreAsync("citation_accuracy", Answer("Refunds take 12 days [kb-0001]; exports are unlimited [kb-0950].", null, Refunds, Export));
        Assert.False(score.Passed);
        Assert.Equal(0.5, score.Value);
        Assert.Equal("1 of 2 citations correct: cited kb-0950 which was not retrieved (retrieved: kb-0001, kb-0003)", score.Explanation);
    }

    [Fact]
    public async Task Citation_QuoteInTheCitedDocument_PassesIgnoringCaseAndWhiteSpace()
    {
        var output = "The docs say “refunds for Acme Cloud are issued   within 12 business days.” [kb-0001]";
        var score = await ScoreAsync("citation_accuracy", Answer(output, null, Refunds, Export));
        Assert.True(score.Passed, score.Explanation);
    }

    [Fact]
    public async Task Citation_QuoteNotInTheCitedDocument_Fails()
    {
        var output = "The docs say \"refunds are issued within 3 business days\" [kb-0001]";
        var score = await ScoreAsync("citation_accuracy", Answer(output, null, Refunds, Export));
        Assert.False(score.Passed);
        Assert.Equal(0, score.Value);
        Assert.Equal("0 of 1 citations correct: quoted \"refunds are issued within 3 business days\" which is not in kb-0001", score.Explanation);
    }

    [Fact]
    public async Task Citation_QuoteFromAnotherRetrievedDocument_FailsForTheCitedOne()
    {
        var output = "\"exports data as CSV or JSON\" [kb-0001]";
        var score = await ScoreAsync("citation_accuracy", Answer(output, null, Refunds, Export));
        Assert.False(score.Passed);
        Assert.Contains("which is not in kb-0001", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Citation_SeveralIdsInOneBracket_AreEachCounted()
    {
        var score = await ScoreAsync("citation_accuracy", Answer("Both apply [kb-0001, kb-0003, kb-0077].", null, Refunds, Export), ("threshold", 0.6));
        Assert.Equal(2.0 / 3, score.Value, 6);
        Assert.True(score.Passed);
        Assert.Contains("cited kb-0077 which was not retrieved", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Citation_MarkdownLink_IsNotACitation()
    {
        var score = await ScoreAsync("citation_accuracy", Answer("See [the guide](https://example.com) [kb-0003].", null, Refunds, Export));
        Assert.True(score.Passed);
        Assert.Equal("1 of 1 citations correct", score.Explanation);
    }

    [Fact]
    public async Task Citation_None_FailsByDefault()
    {
        var score = await ScoreAsync("citation_accuracy", Answer("Refunds take 12 days.", null, Refunds));
        Assert.False(score.Passed);
        Assert.Contains("cites no document", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Citation_None_PassesWhenNotRequired()
    {
        var score = await ScoreAsync("citation_accuracy", Answer("I don't know.", null, Refunds), ("requireCitations", false));
        Assert.True(score.Passed);
        Assert.Equal(1, score.Value);
    }

    [Fact]
    public async Task Citation_CustomPattern_ReadsItsIdGroup()
    {
        var score = await ScoreAsync("citation_accuracy", Answer("Refunds take 12 days (source: kb-0001).", null, Refunds), ("pattern", @"\(source: (?<id>[\w-]+)\)"));
        Assert.True(score.Passed);
        Assert.Equal("1 of 1 citations correct", score.Explanation);
    }

    [Fact]
    public void Citation_PatternWithoutIdGroup_IsAConfigurationError()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => Scorer("citation_accuracy", ("pattern", @"\[[\w-]+\]")));
        var problem = Assert.Single(error.Problems);
        Assert.Equal("pattern", problem.Option);
        Assert.Contains("named group 'id'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Citation_SimulatorAnswers_RightOnesPassAndHallucinatedOnesFail()
    {
        // The simulated support-chat answers "<fact> [<id>]", and a hallucination cites kb-09xx, never retrieved.
        var kb = new KnowledgeBase().Documents;
        var retrieved = kb.Take(4).Select(d => new ContextDocument(d.Id, d.Content)).ToArray();
        var scorer = ScorerFactory.Create("citation_accuracy");

        var right = await scorer.ScoreAsync(Answer($"{kb[2].Fact} [{kb[2].Id}]", null, retrieved));
        var hallucinated = await scorer.ScoreAsync(Answer($"{kb[2].Fact} [kb-0951]", null, retrieved));

        Assert.True(right.Passed, right.Explanation);
        Assert.False(hallucinated.Passed);
        Assert.Contains($"cited kb-0951 which was not retrieved (retrieved: {string.Join(", ", retrieved.Select(d => d.Id))})", hallucinated.Explanation, StringComparison.Ordinal);
    }
}
