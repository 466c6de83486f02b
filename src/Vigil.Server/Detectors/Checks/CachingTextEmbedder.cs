using Vigil.Detectors.Drift;
using Vigil.Evals;

namespace Vigil.Server.Detectors.Checks;

/// <summary>
/// MiniLM embeddings (Vigil.Evals) for text drift, remembered per text: successive drift runs compare overlapping
/// windows, and production inputs repeat, so most texts are embedded once. At most <see cref="Capacity"/> texts are
/// kept; past it the cache starts over (a simple bound, not an LRU).
/// </summary>
internal sealed class CachingTextEmbedder(Func<IReadOnlyList<string>, CancellationToken, float[][]>? embed = null) : ITextEmbedder
{
    public const int Capacity = 50_000;

    private readonly Func<IReadOnlyList<string>, CancellationToken, float[][]> _embed = embed ?? TextEmbeddings.Embed;
    private readonly Dictionary<string, float[]> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Texts embedded so far (cache misses).</summary>
    public long Embedded { get; private set; }

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        lock (_lock)
        {
            var missing = texts.Where(t => !_cache.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                if (_cache.Count + missing.Count > Capacity)
                {
                    _cache.Clear();
                    missing = [.. texts.Distinct(StringComparer.Ordinal)];
                }

                var vectors = _embed(missing, cancellationToken);
                for (var i = 0; i < missing.Count; i++)
                {
                    _cache[missing[i]] = vectors[i];
                }

                Embedded += missing.Count;
            }

            return [.. texts.Select(t => _cache[t])];
        }
    }
}
