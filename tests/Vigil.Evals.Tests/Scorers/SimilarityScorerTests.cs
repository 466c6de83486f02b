using System.Diagnostics;
using Vigil.Evals.Internal;
using Vigil.Evals.Scorers;
using Xunit.Abstractions;
using static Vigil.Evals.Tests.Cases;

namespace Vigil.Evals.Tests.Scorers;

public sealed class SimilarityScorerTests(ITestOutputHelper output)
{
    private const string Expected = "Refunds for Acme Cloud are issued within 12 business days.";

    [Fact]
    public async Task Similarity_CloseParaphrase_PassesTheDefaultThreshold()
    {
        var score = await ScoreAsync("similarity", Answer("Acme Cloud refunds are issued within 12 business days.", Expected));
        Assert.True(score.Passed, score.Explanation);
        Assert.True(score.Value > 0.8);
    }

    [Fact]
    public async Task Similarity_UnrelatedAnswer_FailsWithTheCosineAndTheExpectedText()
    {
        var score = await ScoreAsync("similarity", Answer("The weather in Paris is sunny today.", Expected));
        Assert.False(score.Passed);
        Assert.True(score.Value < 0.3, score.Explanation);
        Assert.Matches(@"^cosine similarity to the expected output -?\d(\.\d+)? is below the threshold 0\.8 \(expected ""Refunds for Acme Cloud", score.Explanation);
    }

    [Fact]
    public async Task Similarity_RanksAParaphraseAboveAWrongFact()
    {
        var scorer = Scorer("similarity", ("threshold", 0.5));
        var paraphrase = await scorer.ScoreAsync(Answer("You get Acme Cloud refunds within 12 business days.", Expected));
        var otherTopic = await scorer.ScoreAsync(Answer("Acme Cloud invoices are kept for 12 months.", Expected));
        Assert.True(paraphrase.Value > otherTopic.Value, $"{paraphrase.Explanation} / {otherTopic.Explanation}");
    }

    [Fact]
    public async Task Similarity_NoExpectedOutput_FailsWithoutLoadingTheModel()
    {
        var embedder = new CountingEmbedder();
        var score = await new SimilarityScorer(() => embedder, null, 0.8).ScoreAsync(Answer("anything"));
        Assert.False(score.Passed);
        Assert.Contains("no expected output", score.Explanation, StringComparison.Ordinal);
        Assert.Equal(0, embedder.Calls);
    }

    [Fact]
    public async Task Similarity_OppositeVectors_ScoreZeroNotNegative()
    {
        var score = await new SimilarityScorer(() => new CountingEmbedder(), null, 0.8).ScoreAsync(Answer("a", "b"));
        Assert.Equal(0, score.Value);
    }

    [Fact]
    public void Similarity_Model_IsLoadedOnceAndTimed()
    {
        var first = MiniLmEmbedder.Shared;
        Assert.Same(first, MiniLmEmbedder.Shared);
        first.Embed(["warm-up"], CancellationToken.None);

        const int Runs = 20;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            var vector = first.Embed([$"Refunds for Acme Cloud are issued within {i} business days."], CancellationToken.None)[0];
            Assert.Equal(384, vector.Length);
        }

        // Reported, never asserted: tests do not assert wall-clock times.
        output.WriteLine($"model load {first.LoadTime.TotalMilliseconds:0} ms; one embedding {clock.Elapsed.TotalMilliseconds / Runs:0.00} ms (mean of {Runs})");
    }

    /// <summary>Returns opposite vectors for the two texts and counts its calls.</summary>
    private sealed class CountingEmbedder : ITextEmbedder
    {
        public int Calls { get; private set; }

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Calls++;
            return [[1f, 0f], [-1f, 0f]];
        }
    }
}
