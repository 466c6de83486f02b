namespace Vigil.Evals;

/// <summary>One problem with a scorer's configuration, naming the option it is about.</summary>
/// <param name="Option">The option's name, or <c>name</c> when the scorer name itself is unknown.</param>
public sealed record OptionProblem(string Option, string Message)
{
    public override string ToString() => $"{Option}: {Message}";
}

/// <summary>
/// Thrown by <see cref="ScorerFactory.Create(string, IReadOnlyDictionary{string, object})"/> when a scorer cannot be created from its options. It
/// lists every problem at once, each naming its option, so one round of fixes is enough.
/// </summary>
public sealed class ScorerOptionsException : Exception
{
    public ScorerOptionsException(string scorer, IReadOnlyList<OptionProblem> problems)
        : base($"scorer '{scorer}': " + string.Join("; ", problems))
    {
        Scorer = scorer;
        Problems = problems;
    }

    public ScorerOptionsException()
        : this("?", [])
    {
    }

    public ScorerOptionsException(string message)
        : base(message)
    {
        Scorer = "?";
        Problems = [];
    }

    public ScorerOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Scorer = "?";
        Problems = [];
    }

    /// <summary>The scorer name that was asked for.</summary>
    public string Scorer { get; }

    public IReadOnlyList<OptionProblem> Problems { get; }
}
