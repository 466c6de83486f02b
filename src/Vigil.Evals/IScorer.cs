namespace Vigil.Evals;

/// <summary>
/// One way of judging an output, chosen by name from configuration (<see cref="ScorerFactory"/>).
/// A scorer is immutable once created and safe to call from several threads at once. A case that
/// cannot be judged (no reference answer, no cost recorded, a malformed judge reply) is a failed
/// <see cref="Score"/> that says why; only infrastructure failures (an unreachable judge) throw.
/// </summary>
public interface IScorer
{
    /// <summary>The name the scorer was created by, e.g. <c>citation_accuracy</c>.</summary>
    string Name { get; }

    ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken);
}
