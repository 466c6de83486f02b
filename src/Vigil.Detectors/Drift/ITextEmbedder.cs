namespace Vigil.Detectors.Drift;

/// <summary>
/// Turns texts into vectors for text drift. The detector module does not embed by itself: the composition root
/// passes one (the CLI passes Vigil.Evals' local MiniLM model), tests may pass a fake.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>One vector per text, in order, all of the same length.</summary>
    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
