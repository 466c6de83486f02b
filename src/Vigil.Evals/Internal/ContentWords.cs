using System.Text.RegularExpressions;

namespace Vigil.Evals.Internal;

/// <summary>
/// The content words of a text: lower-cased words (letters and digits, joined by inner hyphens,
/// apostrophes or decimal points: "e-mail", "don't", "2.5") minus a small English stop-word list, with
/// a light plural fold ("refunds" → "refund"). Crude on purpose: cheap, deterministic, explainable.
/// </summary>
internal static partial class ContentWords
{
    public static IEnumerable<string> Of(string text)
    {
        foreach (Match match in Word().Matches(text.Replace('\u2019', '\'')))
        {
            var word = match.Value.ToLowerInvariant();
            if (!StopWords.Contains(word))
            {
                yield return Fold(word);
            }
        }
    }

    private static string Fold(string word) =>
        word.Length > 3 && word[^1] == 's' && word[^2] is not ('s' or 'u' or 'i') && char.IsAsciiLetter(word[^2]) ? word[..^1] : word;

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['\-.][\p{L}\p{N}]+)*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Word();

    private static readonly HashSet<string> StopWords = new(
    [
        "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "then", "than", "that", "this", "these", "those",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "have", "has", "had",
        "i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "my", "your", "his", "its", "our", "their",
        "of", "in", "on", "at", "to", "from", "by", "for", "with", "about", "as", "into", "onto", "over", "under", "up", "down", "out",
        "not", "no", "can", "could", "will", "would", "shall", "should", "may", "might", "must",
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "there", "here",
        "all", "any", "each", "some", "such", "very", "also", "just", "only", "more", "most", "other",
        "i'm", "it's", "you're", "don't", "doesn't", "can't", "won't", "isn't", "aren't", "let's", "yes", "please", "thanks",
    ], StringComparer.Ordinal);
}
