using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace Vigil.Simulator.Generation;

/// <summary>
/// Token counts consistent with the text: OpenAI's o200k_base encoding (Microsoft.ML.Tokenizers, the
/// vocabulary shipped in its NuGet package, offline) for every model — close enough for Anthropic's
/// models, whose tokenizer is not public. Repeated texts (system prompts) are counted once.
/// </summary>
public sealed class TokenCounter
{
    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");
    private readonly ConcurrentDictionary<string, int> _cache = new(StringComparer.Ordinal);

    public int Count(string text) => _tokenizer.CountTokens(text);

    /// <summary>Counts a text that recurs verbatim, remembering it.</summary>
    public int CountCached(string text) => _cache.GetOrAdd(text, t => _tokenizer.CountTokens(t));
}
