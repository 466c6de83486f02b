using Vigil.Evals.Internal;

namespace Vigil.Evals.Scorers;

/// <summary>
/// <c>similarity</c>: cosine similarity of the sentence embeddings (all-MiniLM-L6-v2, local) of the
/// output and the expected output (or option <c>value</c>); passes at option <c>threshold</c> (default
/// 0.8). A negative cosine scores 0. A case without an expected output fails. The model loads on the
/// first score, not when the scorer is created.
/// </summary>
internal sealed class SimilarityScorer(Func<ITextEmbedder> embedder, string? value, double threshold) : IScorer
{
    public const string ScorerName = "similarity";

    public string Name => ScorerName;

    public static SimilarityScorer Create(OptionReader options, Func<ITextEmbedder> embedder) =>
        new(embedder, options.String("value"), options.Threshold(0.8));

    public ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken)
    {
        var expected = value ?? input.Expected;
        if (expected is null)
        {
            return ValueTask.FromResult(Score.Unjudged("nothing to compare with: the case has no expected output and the scorer no 'value' option"));
        }

        var vectors = embedder().Embed([input.Output, expected], cancellationToken);
        var cosine = Cosine(vectors[0], vectors[1]);
        var clamped = Math.Clamp(cosine, 0, 1);
        var verdict = clamped >= threshold ? "reaches" : "is below";
        return ValueTask.FromResult(Score.AgainstThreshold(clamped, threshold,
            $"cosine similarity to the expected output {TextNormalizer.Number(cosine, "0.###")} {verdict} the threshold {TextNormalizer.Number(threshold)} (expected {TextNormalizer.Quote(expected, 50)})"));
    }

    internal static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
