namespace Vigil.Evals.Internal;

/// <summary>Turns texts into embedding vectors; the similarity scorer's seam for tests.</summary>
internal interface ITextEmbedder
{
    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
