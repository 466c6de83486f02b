namespace Vigil.Evals;

/// <summary>
/// A scorer's verdict on one case: a value in [0, 1], whether it passed the scorer's threshold, and one
/// sentence a person can act on that names what failed (for example
/// <c>cited kb-0950 which was not retrieved (retrieved: kb-0001, kb-0003)</c>).
/// </summary>
public sealed record Score
{
    /// <summary>The score in [0, 1]; 1 is best.</summary>
    public required double Value
    {
        get;
        init => field = double.IsFinite(value) && value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Value), value, "a score lies in [0, 1]");
    }

    public required bool Passed { get; init; }

    public required string Explanation { get; init; }

    /// <summary>
    /// False when the case lacks what the scorer needs (no reference answer, no retrieved context, no
    /// cost recorded): the score is then 0 and failed, and says what is missing. Online evaluation does
    /// not store such scores — an unlabelled production trace is not a bad answer; an offline run counts
    /// them as failures, since its dataset was meant to hold what they need.
    /// </summary>
    public bool Judged { get; init; } = true;

    public static Score Pass(double value, string explanation) => new() { Value = value, Passed = true, Explanation = explanation };

    public static Score Fail(double value, string explanation) => new() { Value = value, Passed = false, Explanation = explanation };

    /// <summary>A case the scorer cannot judge, and why (see <see cref="Judged"/>).</summary>
    public static Score Unjudged(string explanation) => new() { Value = 0, Passed = false, Explanation = explanation, Judged = false };

    /// <summary>A score that passes when <paramref name="value"/> reaches <paramref name="threshold"/>.</summary>
    public static Score AgainstThreshold(double value, double threshold, string explanation) =>
        new() { Value = value, Passed = value >= threshold, Explanation = explanation };
}
