using Vigil.Evals.Internal;

namespace Vigil.Evals.Scorers;

/// <summary>
/// <c>groundedness</c>: the share of the answer's distinct content words (see <see cref="ContentWords"/>)
/// that occur in the retrieved context; passes at option <c>threshold</c> (default 0.5). Citation
/// markers (<c>[kb-0001]</c>) are removed from the answer first. A lexical proxy for faithfulness: it
/// catches a changed number or an invented product, not a paraphrase that reverses a meaning.
/// </summary>
internal sealed class GroundednessScorer(double threshold) : IScorer
{
    public const string ScorerName = "groundedness";

    public string Name => ScorerName;

    public static GroundednessScorer Create(OptionReader options) => new(options.Threshold(0.5));

    public ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken)
    {
        if (input.Context.Count == 0)
        {
            return ValueTask.FromResult(Score.Unjudged("no retrieved context to ground the answer in"));
        }

        var answer = ContentWords.Of(CitationAccuracyScorer.DefaultPattern.Replace(input.Output, " ")).Distinct().ToList();
        if (answer.Count == 0)
        {
            return ValueTask.FromResult(Score.Fail(0, "the answer has no content words to check against the context"));
        }

        var context = input.Context.SelectMany(d => ContentWords.Of(d.Text)).ToHashSet(StringComparer.Ordinal);
        var missing = answer.Where(w => !context.Contains(w)).ToList();
        var share = (double)(answer.Count - missing.Count) / answer.Count;
        var summary = $"{answer.Count - missing.Count} of {answer.Count} content words of the answer occur in the context ({TextNormalizer.Number(share * 100, "0")}%, threshold {TextNormalizer.Number(threshold * 100, "0")}%)";
        var detail = missing.Count == 0 ? "" : "; not in the context: " + TextNormalizer.List(missing.Select(w => $"'{w}'"), 10);
        return ValueTask.FromResult(Score.AgainstThreshold(share, threshold, summary + detail));
    }
}
