using System.Text.RegularExpressions;
using Vigil.Evals.Internal;

namespace Vigil.Evals.Scorers;

/// <summary>
/// <c>citation_accuracy</c>: every cited id is among the retrieved ids (ordinal comparison), and every
/// quoted span directly attributed to a citation (<c>"…" [kb-0001]</c>: the quote ends right before
/// the citation, white space between allowed) occurs in a cited document's text, ignoring case and
/// white space. Score = correct citations / citations; passes at option <c>threshold</c> (default 1:
/// every citation right). An answer without citations passes only when <c>requireCitations</c> is false.
/// </summary>
internal sealed class CitationAccuracyScorer(Regex pattern, bool requireCitations, double threshold) : IScorer
{
    public const string ScorerName = "citation_accuracy";

    /// <summary>
    /// The syntax of the simulated application (and of the support-chat prompt): ids in square brackets,
    /// <c>[kb-0001]</c>, several separated by commas (<c>[kb-0001, kb-0002]</c>); not a Markdown link.
    /// </summary>
    public const string DefaultPatternText = @"\[(?<id>[A-Za-z0-9][\w.:/-]*)(?:\s*[,;]\s*(?<id>[A-Za-z0-9][\w.:/-]*))*\](?!\()";

    public static readonly Regex DefaultPattern = new(DefaultPatternText, RegexOptions.CultureInvariant | RegexOptions.Compiled, Patterns.Timeout);

    public string Name => ScorerName;

    public static CitationAccuracyScorer? Create(OptionReader options)
    {
        var text = options.String("pattern");
        var regex = text is null ? DefaultPattern : Patterns.Compile(options, "pattern", text);
        if (regex is not null && !regex.GetGroupNames().Contains("id", StringComparer.Ordinal))
        {
            options.Problem("pattern", "needs a named group 'id' that captures the cited id, e.g. \\[(?<id>[\\w-]+)\\]");
            regex = null;
        }

        var require = options.Bool("requireCitations", true);
        var threshold = options.Threshold(1);
        return regex is null ? null : new CitationAccuracyScorer(regex, require, threshold);
    }

    public ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken)
    {
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in input.Context)
        {
            documents.TryAdd(document.Id, document.Text);
        }

        var citations = 0;
        var problems = new List<string>();
        foreach (Match match in pattern.Matches(input.Output))
        {
            var ids = match.Groups["id"].Captures.Select(c => c.Value).ToList();
            citations += ids.Count;
            var missing = ids.Where(id => !documents.ContainsKey(id)).ToList();
            problems.AddRange(missing.Select(id => $"cited {id} which was not retrieved (retrieved: {TextNormalizer.List(documents.Keys)})"));

            var quote = QuoteBefore(input.Output, match.Index);
            var cited = ids.Where(documents.ContainsKey).ToList();
            if (quote is not null && cited.Count > 0 && !cited.Any(id => Occurs(quote, documents[id])))
            {
                // The quote is wrong for every retrieved id of this citation: each counts as incorrect.
                problems.AddRange(cited.Select(id => $"quoted {TextNormalizer.Quote(quote)} which is not in {id}"));
            }
        }

        if (citations == 0)
        {
            return ValueTask.FromResult(requireCitations
                ? Score.Fail(0, "the answer cites no document (set requireCitations: false to accept answers without citations)")
                : Score.Pass(1, "the answer cites no document, which is accepted (requireCitations: false)"));
        }

        var correct = citations - problems.Count;
        var value = (double)correct / citations;
        var summary = $"{correct} of {citations} citations correct";
        return ValueTask.FromResult(Score.AgainstThreshold(value, threshold, problems.Count == 0 ? summary : $"{summary}: {string.Join("; ", problems)}"));
    }

    /// <summary>The quoted span that ends right before <paramref name="citationStart"/>, or null.</summary>
    internal static string? QuoteBefore(string text, int citationStart)
    {
        var close = citationStart - 1;
        while (close >= 0 && char.IsWhiteSpace(text[close]))
        {
            close--;
        }

        if (close < 1 || text[close] is not ('"' or '\u201D'))
        {
            return null;
        }

        var open = text.AsSpan(0, close).LastIndexOfAny('"', '\u201C');
        if (open < 0)
        {
            return null;
        }

        var quote = text[(open + 1)..close].Trim().Trim('.', ',', ';', ':', '!', '?', '…').Trim();
        return quote.Length == 0 ? null : quote;
    }

    private static bool Occurs(string quote, string document) =>
        TextNormalizer.Normalize(document).Contains(TextNormalizer.Normalize(quote), StringComparison.Ordinal);
}
